import Core
import HTTP

/// `POST /applications/{name}/deploy`: the application page's deploy form starts a release
/// (`ReleaseOperations.create`) and answers 303 to the release's page.
///
/// A refusal (an unknown version or environment, the lock of a release still in progress, the
/// promotion gate) shows the application page again with what was typed and the message next to its
/// field (409, 403 or 422); a caller who may not deploy there gets the error page (403 or 404).
struct DeployPages: Sendable {
    let pages: ApplicationsPages
    let releases: ReleaseOperations

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let name = request.parameters["name"] ?? ""
        let input = try await FormInput.read(request)
        do {
            let release = try await releases.create(DeployForm.request(application: name, from: input), caller: caller)
            return .redirect(to: "/releases/\(release.id)")
        } catch let error as AppError where DeployForm.isFormError(error) {
            return try await pages.render(caller, name: name, cursor: nil, deploy: input.typed, error: error)
        }
    }
}
