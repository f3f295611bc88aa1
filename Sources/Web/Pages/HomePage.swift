import HTTP

/// `GET /`: the overview page.
struct HomePage: Sendable {
    let templates: Templates

    func show(_ request: Request) async throws -> Response {
        .html(templates.render(.home, PageContext.make(title: "Overview", path: "/", caller: try? request.caller(), [
            "heading": "Release management for your fleet",
        ])))
    }
}
