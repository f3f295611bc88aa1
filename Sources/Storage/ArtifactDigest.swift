import Crypto

/// A SHA-256 digest as 64 lowercase hex characters: the only thing an artifact's file name is made of.
///
/// Artifact paths never come from user input: a string becomes a digest only after this check, and
/// the store builds paths from digests alone.
public struct ArtifactDigest: Hashable, Sendable, CustomStringConvertible {
    /// 64 lowercase hex characters.
    public let hex: String

    /// Accepts exactly 64 hex characters, either case; nil for anything else.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        guard lowered.utf8.count == 64, lowered.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return nil
        }
        hex = lowered
    }

    init(_ digest: SHA256.Digest) {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        hex = String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }
}
