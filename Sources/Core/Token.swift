import Crypto
import Foundation

/// A random 256-bit secret handed to a client once (API token, session cookie, enrollment token…).
///
/// Rendered as `<prefix>_<43 base64url characters>`, the prefix saying what it is, so a leaked token
/// is recognisable (and secret scanners can match it). Only `Token.hash(_:)` of it is stored and
/// looked up. `description` is redacted, so interpolating a token into a log line never prints it.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    /// What a token is for; the raw value is its prefix.
    public enum Kind: String, Sendable, CaseIterable {
        case api = "cap"
        case session = "cse"
        case enrollment = "cen"
        case agent = "cag"
        case csrf = "csr"
        /// A webhook's signing secret: shown once, but kept as text, since the server signs with it.
        case webhook = "cwh"
    }

    /// The full secret, to show the user once or set in a cookie.
    public let text: String

    public init(text: String) { self.text = text }

    /// A new token from the system's cryptographically secure generator.
    public static func make(_ kind: Kind) -> Token {
        var generator = SystemRandomNumberGenerator()
        return make(kind, using: &generator)
    }

    /// A new token from `generator`; tests pass a seeded one to get known tokens.
    public static func make(_ kind: Kind, using generator: inout some RandomNumberGenerator) -> Token {
        Token(text: kind.rawValue + "_" + randomBase64URL(byteCount: 32, using: &generator))
    }

    /// The kind named by the token's prefix, or nil if the text is not shaped like one of ours.
    public var kind: Kind? {
        let parts = text.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[1].utf8.count == 43 else { return nil }
        return Kind(rawValue: String(parts[0]))
    }

    /// What is stored and looked up: the lowercase hex SHA-256 of the token text.
    public var hash: String { Token.hash(text) }

    public static func hash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).hexString
    }

    public var description: String { "\(text.prefix(4))…" }

    /// `byteCount` random bytes as unpadded base64url.
    static func randomBase64URL(byteCount: Int, using generator: inout some RandomNumberGenerator) -> String {
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64URLEncoded
    }
}

extension Sequence<UInt8> {
    /// Lowercase hex, two digits per byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Data {
    /// Unpadded base64url (RFC 4648 §5).
    var base64URLEncoded: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes unpadded base64url (or base64); nil when malformed.
    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
