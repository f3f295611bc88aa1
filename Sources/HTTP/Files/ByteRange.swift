/// A single byte range from a `Range` header (RFC 9110 §14.1.2), resolved against a length.
public enum ByteRange: Equatable, Sendable {
    case full
    case partial(offset: Int64, length: Int64)
    case unsatisfiable

    /// Resolves `header` for a representation of `size` bytes. Several ranges, or a header that does
    /// not parse, are answered with the full representation, as RFC 9110 allows.
    public static func resolve(_ header: String?, size: Int64) -> ByteRange {
        guard let header else { return .full }
        let text = header.trimmingOWS()
        guard text.lowercased().hasPrefix("bytes="), !text.contains(",") else { return .full }
        let spec = text.dropFirst(6).trimmingOWS()
        let bounds = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2 else { return .full }
        let (first, last) = (bounds[0].trimmingOWS(), bounds[1].trimmingOWS())
        if first.isEmpty {
            // A suffix range: the last N bytes.
            guard let suffix = Int64(last), suffix >= 0 else { return .full }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            let length = min(suffix, size)
            return .partial(offset: size - length, length: length)
        }
        guard let start = Int64(first), start >= 0 else { return .full }
        guard start < size else { return .unsatisfiable }
        var end = size - 1
        if !last.isEmpty {
            guard let value = Int64(last), value >= start else { return .full }
            end = min(value, size - 1)
        }
        return .partial(offset: start, length: end - start + 1)
    }
}
