import Foundation

/// A signed-in browser: the cookie holds the session token, the store only its hash.
///
/// `csrfToken` is the value every form of this session must echo back (compare it in constant time).
public struct Session: Sendable, Codable, Equatable {
    public var tokenHash: String
    public var userID: Int64
    public var csrfToken: String
    public var expiresAt: Date

    public init(tokenHash: String, userID: Int64, csrfToken: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}
