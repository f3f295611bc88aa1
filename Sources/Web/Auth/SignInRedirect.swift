import HTTP

/// Where to go after signing in: the `next` parameter, accepted only when it is a path on this
/// server, so `/signin?next=https://evil.example` cannot bounce a user elsewhere (an open redirect).
enum SignInRedirect {
    static let fallback = "/"

    /// `/signin?next=<target, percent-encoded>`.
    static func location(next: String) -> String {
        let target = safeTarget(next)
        guard target != fallback else { return "/signin" }
        return "/signin?next=" + encode(target)
    }

    /// `next` when it is a local path (one leading `/`, no `//` or `/\` which browsers read as another
    /// host, no control characters), else `/`.
    static func safeTarget(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
              next.utf8.count <= 2048,
              !next.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" })
        else { return fallback }
        return next
    }

    /// Percent-encodes everything but unreserved characters and `/` (RFC 3986 §2.3).
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "-._~/".unicodeScalars.contains(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
