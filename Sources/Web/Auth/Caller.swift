import Core
import Foundation
import HTTP

/// Who is making a request, attached by the authentication middleware before any handler runs.
///
/// Handlers never look at cookies or tokens: they ask `request.caller()` and then the principal
/// (`caller.principal.require(.manage, in: groupID)`), the one place permissions are decided.
public struct Caller: Sendable {
    /// How the caller proved who they are.
    public enum Credential: Sendable, Equatable {
        /// A browser session; cookie-authenticated writes must carry this CSRF token.
        case session(tokenHash: String, csrfToken: String)
        /// An API token (`Authorization: Bearer …`), never subject to CSRF.
        case apiToken(id: Int64, name: String)
    }

    public let principal: Principal
    public let credential: Credential
    public let remoteAddress: String

    public init(principal: Principal, credential: Credential, remoteAddress: String) {
        self.principal = principal
        self.credential = credential
        self.remoteAddress = remoteAddress
    }

    public var user: User { principal.user }

    /// The actor recorded in audit rows: the login, and the token's name when one was used.
    public var actor: String {
        switch credential {
        case .session: user.login
        case .apiToken(_, let name): "\(user.login) (token \(name))"
        }
    }
}

enum CallerKey: AttributeKey {
    typealias Value = Caller
}

extension Request {
    /// The authenticated caller; 401 when the request has none (only public routes run without one).
    public func caller() throws(AppError) -> Caller {
        guard let caller = attributes[CallerKey.self] else {
            throw AppError(.unauthorized, "sign in or send an API token")
        }
        return caller
    }
}
