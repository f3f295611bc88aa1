import Foundation
import Mustache

/// The page templates of `Resources/` (`<name>.mustache`), parsed once at start-up.
///
/// Loading fails when the directory or any `Template` is missing or a file does not parse, so a
/// broken template stops the server from starting instead of breaking a page later. Rendering
/// escapes `{{values}}` for HTML; only `{{{triple}}}` braces would not, and templates must not use them.
struct Templates: Sendable {
    /// Every template a page renders; `load(from:)` checks each is present.
    enum Name: String, CaseIterable, Sendable {
        case layout, home, error
        case signin, password, users, userNew = "user-new", userEdit = "user-edit", tokens
        case machines, machine, machineForm = "machine-form", groups, group, environments, audit
        case environmentEdit = "environment-edit", environmentFields = "environment-fields"
        case applications, application, applicationEdit = "application-edit", applicationDelete = "application-delete"
        case applicationFields = "application-fields"
        case releases, release, job, deployReview = "deploy-review", webhooks
        case stats, versions, chart
    }

    private let library: MustacheLibrary

    static func load(from directory: String) async throws(StartupError) -> Templates {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StartupError("templates directory \(directory) does not exist (set --resources or CAPSTAN_RESOURCES)")
        }
        let library: MustacheLibrary
        do {
            // Resolved first: Foundation's enumerator does not descend into a symlinked directory.
            let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
            library = try await MustacheLibrary(directory: resolved)
        } catch let error as MustacheLibrary.ParserError {
            let place = "line \(error.context.lineNumber), column \(error.context.columnNumber)"
            throw StartupError("template \(directory)/\(error.filename) is invalid at \(place): \(error.error)")
        } catch {
            throw StartupError("cannot load templates from \(directory): \(error)")
        }
        for name in Name.allCases where library.getTemplate(named: name.rawValue) == nil {
            throw StartupError("template \(directory)/\(name.rawValue).mustache is missing")
        }
        return Templates(library: library)
    }

    /// The page `name` rendered with `context` (dictionaries, arrays, strings, numbers, Booleans).
    func render(_ name: Name, _ context: [String: Any]) -> String {
        guard let html = library.render(context, withTemplate: name.rawValue) else {
            preconditionFailure("template \(name.rawValue) was checked at start-up")
        }
        return html
    }
}
