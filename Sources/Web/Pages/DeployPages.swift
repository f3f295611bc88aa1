import Core
import HTTP

/// The deploy flow of an application's page. Its form asks for `GET /applications/{name}/deploy`
/// (`review`): the release that would start, checked as creating it is (the hosts, the batches, the
/// strategy, the version it replaces, who must approve), with a button that names the environment.
/// That button's `POST /applications/{name}/deploy` (`create`) starts the release
/// (`ReleaseOperations.create`) and answers 303 to the release's page.
///
/// The review can change the release before it starts (`DeployOverride`): a strategy of its own and
/// the hosts by name, sent back to the review, then carried by the confirmation.
///
/// A refusal (an unknown version or environment, the lock of a release still in progress, the
/// promotion gate) shows the application page again with what was typed and the message next to its
/// field (409, 403 or 422); a refused change shows the review of the release without it, with the
/// message next to the change's field (422). A caller who may not deploy there gets the error page
/// (403 or 404).
struct DeployPages: Sendable {
    let pages: ApplicationsPages
    let releases: ReleaseOperations

    static let releaseFields = ["version", "environment", "overrideReason"]

    func review(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let name = request.parameters["name"] ?? ""
        let names = Self.releaseFields + DeployOverride.fields
        let input = FormInput(values: names.reduce(into: [String: String]()) { values, field in
            if let value = request.query(field) { values[field] = value }
        })
        return try await answer(name, input, caller: caller) { release in
            let preview = try await releases.preview(release, caller: caller)
            return .html(render(preview, input: input, caller: caller))
        }
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let name = request.parameters["name"] ?? ""
        let input = try await FormInput.read(request)
        return try await answer(name, input, caller: caller) { release in
            let created = try await releases.create(release, caller: caller)
            return .redirect(to: "/releases/\(created.id)")
        }
    }

    /// `act` on the release the input asks for; a refusal answered as the type comment says.
    private func answer(_ name: String, _ input: FormInput, caller: Caller,
                        _ act: (ReleaseRequest) async throws -> Response) async throws -> Response {
        var release = DeployForm.request(application: name, from: input)
        do {
            do {
                let change = try DeployOverride(from: input)
                release.strategy = change.strategy
                release.hostnames = change.hostnames
                return try await act(release)
            } catch let error as AppError where DeployOverride.isOverrideError(error) {
                // The release as it would be without the change, and the change's form with the message.
                let preview = try await releases.preview(DeployForm.request(application: name, from: input), caller: caller)
                return .html(render(preview, input: input, caller: caller, error: error), status: .unprocessableContent)
            }
        } catch let error as AppError where DeployForm.isFormError(error) {
            let typed = input.typed.filter { Self.releaseFields.contains($0.key) }
            return try await pages.render(caller, name: name, cursor: nil, deploy: typed, error: error)
        }
    }

    private func render(_ preview: ReleaseOperations.Preview, input: FormInput, caller: Caller, error: AppError? = nil) -> String {
        let application = preview.resolved.application.name
        let context = PageContext.make(title: "Deploy \(application)", path: "/applications", caller: caller,
                                       DeployReview.values(preview, input: input, error: error))
        return pages.templates.render(.deployReview, context)
    }
}
