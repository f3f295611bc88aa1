import Core
import Foundation
import Storage
@testable import Web

extension RunningApp {
    /// Posts a page's form the way a browser does: the session cookie, and the CSRF token only as
    /// the form's hidden `_csrf` field (no header), so the CSRF check reads the body first.
    func submit(_ target: String, _ fields: [String: String], as session: BrowserSession) async throws -> HTTPResponse {
        try await postForm(target, fields.merging(["_csrf": session.csrfToken]) { $1 }, headers: session.headers(csrf: false))
    }

    /// Opens a page as a signed-in browser.
    func open(_ target: String, as session: BrowserSession) async throws -> HTTPResponse {
        try await get(target, headers: session.headers(csrf: false))
    }

    /// An environment written straight to the store.
    func makeEnvironment(_ name: String, rank: Int) async throws -> Int64 {
        try await store.write { db in try db.createEnvironment(EnvironmentDraft(name: name, rank: rank)).id }
    }
}
