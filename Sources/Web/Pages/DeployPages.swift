import Core
import HTTP

/// The deploy flow of an application's page. Its form asks for `GET /applications/{name}/deploy`
/// (`review`): the release that would start, checked as creating it is (the hosts, the batches, the
/// strategy, the version it replaces, who must approve), with a button that names the environment.
/// That button's `POST /applications/{name}/deploy` (`create`) starts the release
/// (`ReleaseOperations.create`) and answers 303 to the release's page.
///
/// A refusal (an unknown version or environment, the lock of a release still in progress, the
/// promotion gate) shows the application page again with what was typed and the message next to its
/// field (409, 403 or 422); a caller who may not deploy there gets the error page (403 or 404).
struct DeployPages: Sendable {
    let pages: ApplicationsPages
    let releases: ReleaseOperations

    func review(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let name = request.parameters["name"] ?? ""
        let typed = ["version", "environment", "overrideReason"].reduce(into: [String: String]()) { $0[$1] = request.query($1) ?? "" }
        let input = FormInput(values: typed)
        do {
            let preview = try await releases.preview(DeployForm.request(application: name, from: input), caller: caller)
            let context = PageContext.make(title: "Deploy \(name)", path: "/applications", caller: caller,
                                           DeployReview.values(preview, overrideReason: input["overrideReason"]))
            return .html(pages.templates.render(.deployReview, context))
        } catch let error as AppError where DeployForm.isFormError(error) {
            return try await pages.render(caller, name: name, cursor: nil, deploy: typed, error: error)
        }
    }

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
