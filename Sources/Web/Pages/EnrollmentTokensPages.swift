import Core
import Foundation
import HTTP

/// The enrollment-token forms of a group's page: `POST /groups/{id}/enrollment-tokens` creates one
/// and shows the page again (201) with the token and the agent's command line this once;
/// `POST /enrollment-tokens/{id}/revoke` deletes one. Both need `manage` in the group (403).
///
/// The form asks for an environment, a number of uses, and an expiry in hours or days.
struct EnrollmentTokensPages: Sendable {
    /// The longest expiry the form accepts.
    static let maxDays = 365

    let page: GroupPage

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let groupID = try request.id(noun: "group")
        let input = try await FormInput.read(request)
        do {
            let draft = try Self.draft(from: input, groupID: groupID, now: page.tokens.now())
            let created = try await page.tokens.create(draft, caller: caller)
            let extras = GroupPage.Extras(newToken: (created.token.text, Self.serverURL(of: request)), status: .created)
            return try await page.render(caller, groupID, extras)
        } catch let error as AppError where error.code == .invalid || error.code == .conflict {
            return try await page.render(caller, groupID, GroupPage.Extras(tokenTyped: input.typed, error: error))
        }
    }

    func revoke(_ request: Request) async throws -> Response {
        let revoked = try await page.tokens.revoke(try request.id(noun: "enrollment token"), caller: request.caller())
        return .redirect(to: "/groups/\(revoked.groupID)")
    }

    /// The draft the form describes; `expiresIn` counts `expiresUnit` (`hours` or `days`) from `now`.
    static func draft(from input: FormInput, groupID: Int64, now: Date) throws(AppError) -> EnrollmentTokenDraft {
        let environmentID = try input.id("environmentID", label: "environment")
        guard let uses = Int(input["uses"].trimmingCharacters(in: .whitespaces)) else {
            throw AppError(.invalid, "uses must be a whole number", field: "uses")
        }
        let hours = input["expiresUnit"] == "days" ? 24 : 1
        guard let count = Int(input["expiresIn"].trimmingCharacters(in: .whitespaces)), count > 0,
              count * hours <= maxDays * 24 else {
            throw AppError(.invalid, "the expiry must be a whole number of hours or days, at most \(maxDays) days", field: "expiresIn")
        }
        return EnrollmentTokenDraft(groupID: groupID, environmentID: environmentID, uses: uses,
                                    expiresAt: now.addingTimeInterval(TimeInterval(count * hours * 3600)))
    }

    /// This server as the browser reached it (`https` behind the TLS front), for the agent's command line.
    static func serverURL(of request: Request) -> String {
        (request.isSecure ? "https" : "http") + "://" + (request.headers["Host"] ?? "localhost")
    }
}
