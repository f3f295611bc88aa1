import _CryptoExtras
import Crypto
import Foundation

/// Hashes and verifies passwords with PBKDF2-HMAC-SHA256 (210,000 rounds by default, OWASP 2023).
///
/// Encoded as `pbkdf2-sha256$<rounds>$<salt>$<hash>` (unpadded base64, a 16-byte random salt, a
/// 32-byte hash), so the rounds can be raised later: `needsRehash` says when a stored hash should be
/// replaced after a successful sign-in.
///
/// **CPU-heavy by design** (about 0.1–0.3 s per call): servers must call `hash` and `verify` off the
/// event-loop threads and off the cooperative pool's hot path, e.g. on a dedicated thread or a
/// small bounded executor, never inside a database transaction.
public struct PasswordHasher: Sendable {
    public static let defaultRounds = 210_000
    static let scheme = "pbkdf2-sha256"
    static let saltByteCount = 16
    static let hashByteCount = 32

    public let rounds: Int

    /// `rounds` below the default are for tests only, passed explicitly.
    public init(rounds: Int = PasswordHasher.defaultRounds) {
        precondition(rounds >= 1, "PBKDF2 needs at least one round")
        self.rounds = rounds
    }

    /// A random password (24 base64url characters, 144 bits) for accounts created without one,
    /// such as the first admin.
    public static func makePassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return Token.randomBase64URL(byteCount: 18, using: &generator)
    }

    /// A new encoded hash of `password` with a fresh random salt.
    public func hash(_ password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let derived = Self.derive(password, salt: salt, rounds: rounds)
        return [Self.scheme, String(rounds), Self.encode(salt), Self.encode(derived)].joined(separator: "$")
    }

    /// Whether `password` matches `encoded`, compared in constant time.
    ///
    /// A nil or malformed `encoded` (a user with no password, or an unknown login) still costs one
    /// derivation, so the answer's timing does not tell which logins exist.
    public func verify(_ password: String, against encoded: String?) -> Bool {
        guard let encoded, let parsed = Self.parse(encoded) else {
            _ = Self.derive(password, salt: Array(repeating: 0, count: Self.saltByteCount), rounds: rounds)
            return false
        }
        let derived = Self.derive(password, salt: parsed.salt, rounds: parsed.rounds)
        return Self.constantTimeEqual(derived, parsed.hash)
    }

    /// Whether `encoded` was made with other parameters than this hasher's (or cannot be read).
    public func needsRehash(_ encoded: String) -> Bool {
        guard let parsed = Self.parse(encoded) else { return true }
        return parsed.rounds != rounds || parsed.hash.count != Self.hashByteCount
    }

    // MARK: - Encoding

    static func parse(_ encoded: String) -> (rounds: Int, salt: [UInt8], hash: [UInt8])? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let rounds = Int(parts[1]), rounds >= 1,
              let salt = Data(base64URLEncoded: String(parts[2])), !salt.isEmpty,
              let hash = Data(base64URLEncoded: String(parts[3])), !hash.isEmpty
        else { return nil }
        return (rounds, Array(salt), Array(hash))
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func derive(_ password: String, salt: [UInt8], rounds: Int) -> [UInt8] {
        // Only fails for parameters we control (output size, rounds ≥ 1), so a failure is a bug.
        let key = try! KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: hashByteCount,
            unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
