/// Why an uploaded package archive was refused; each case names the offending entry where there is one.
///
/// The API answers 422 with `description` as the message, so messages name the entry the way `tar`
/// would show it and never include server paths.
public enum ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a valid gzip stream (zlib's message).
    case corruptGzip(String)
    /// The stream ended inside a header, inside an entry's data or before the end-of-archive blocks.
    case truncated(entry: String?)
    /// A header's checksum does not match its bytes; `entry` is the name field as read.
    case badChecksum(entry: String)
    /// A header field cannot be read (size, pax record, GNU long name, empty path).
    case badHeader(entry: String, reason: String)
    /// An entry name starting with `/`.
    case absolutePath(entry: String)
    /// An entry name with a `..` component.
    case escapingPath(entry: String)
    /// A symbolic or hard link whose target resolves outside the archive root.
    case escapingLink(entry: String, target: String)
    /// A character device, block device or FIFO.
    case specialFile(entry: String, kind: String)
    /// A type flag this server does not accept (GNU sparse, multi-volume, …).
    case unknownType(entry: String, flag: UInt8)
    /// Bytes other than zero padding after the end-of-archive blocks, or a lone zero block.
    case trailingGarbage(offset: UInt64)
    /// More uncompressed bytes than the inspector's limit (a gzip bomb, or simply too big).
    case tooLarge(entry: String?, limit: UInt64)

    /// The entry the error is about, if any.
    public var entry: String? {
        switch self {
        case .corruptGzip, .trailingGarbage: nil
        case .truncated(let entry), .tooLarge(let entry, _): entry
        case .badChecksum(let entry), .badHeader(let entry, _), .absolutePath(let entry),
             .escapingPath(let entry), .escapingLink(let entry, _), .specialFile(let entry, _),
             .unknownType(let entry, _):
            entry
        }
    }

    public var description: String {
        switch self {
        case .corruptGzip(let message): "not a valid gzip stream: \(message)"
        case .truncated(nil): "archive is truncated"
        case .truncated(let entry?): "entry \(quoted(entry)): archive is truncated"
        case .badChecksum(let entry): "entry \(quoted(entry)): header checksum mismatch"
        case .badHeader(let entry, let reason): "entry \(quoted(entry)): \(reason)"
        case .absolutePath(let entry): "entry \(quoted(entry)): absolute paths are not allowed"
        case .escapingPath(let entry): "entry \(quoted(entry)): path escapes the archive root"
        case .escapingLink(let entry, let target): "entry \(quoted(entry)): link target \(quoted(target)) escapes the archive root"
        case .specialFile(let entry, let kind): "entry \(quoted(entry)): \(kind) entries are not allowed"
        case .unknownType(let entry, let flag): "entry \(quoted(entry)): unknown entry type \(typeName(flag))"
        case .trailingGarbage(let offset): "unexpected data after the end of the archive at byte \(offset)"
        case .tooLarge(nil, let limit): "archive expands to more than \(limit) bytes"
        case .tooLarge(let entry?, let limit): "entry \(quoted(entry)): archive expands to more than \(limit) bytes"
        }
    }
}

private func quoted(_ text: String) -> String {
    "\"" + text.replacingControlCharacters() + "\""
}

private func typeName(_ flag: UInt8) -> String {
    (0x21...0x7E).contains(flag) ? "'\(Character(Unicode.Scalar(flag)))'" : "0x" + String(flag, radix: 16)
}

extension String {
    /// Quotes and control characters escaped, so an entry name cannot forge or break a message.
    fileprivate func replacingControlCharacters() -> String {
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
