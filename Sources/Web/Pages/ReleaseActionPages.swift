import Core
import HTTP

/// The action forms of a release's page: `POST /releases/{id}/<action>` for each `Action`
/// (`abort` reads the field `mode`: `finish`, the default, or `stop`). Each answers 303 to the
/// release's page (a rollback: to the new rollback release's page).
///
/// A refusal (the release moved on, someone else must approve, the caller may not deploy here)
/// shows the release page again with the message at the top: 409, 403 or 422. A release the caller
/// may not see is a 404, as if it did not exist.
struct ReleaseActionPages: Sendable {
    /// The actions, named as the last segment of their path.
    enum Action: String, CaseIterable, Sendable {
        case approve, pause, resume, abort, retry, rollback
    }

    let page: ReleasePage

    /// The handler of `POST /releases/{id}/<action>`.
    func handler(_ action: Action) -> Handler {
        { request in
            let caller = try request.caller()
            let id = try request.id(noun: "release")
            let input = try await FormInput.read(request)
            do {
                let release = try await perform(action, id, input, caller)
                return .redirect(to: "/releases/\(release.id)")
            } catch let error as AppError where [.conflict, .forbidden, .invalid].contains(error.code) {
                return try await page.render(caller, id, error: error)
            }
        }
    }

    private func perform(_ action: Action, _ id: Int64, _ input: FormInput, _ caller: Caller) async throws -> Release {
        let releases = page.releases
        switch action {
        case .approve: return try await releases.approve(id, caller: caller)
        case .pause: return try await releases.pause(id, caller: caller)
        case .resume: return try await releases.resume(id, caller: caller)
        case .retry: return try await releases.retry(id, caller: caller)
        case .rollback: return try await releases.rollback(id, caller: caller)
        case .abort:
            let text = input["mode"]
            guard let mode = text.isEmpty ? Release.AbortMode.finish : Release.AbortMode(rawValue: text) else {
                throw AppError(.invalid, "choose whether running hosts finish or stop", field: "mode")
            }
            return try await releases.abort(id, mode: mode, caller: caller)
        }
    }
}
