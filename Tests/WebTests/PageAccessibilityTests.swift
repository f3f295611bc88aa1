import Foundation
import Testing
@testable import Web

/// Every page, as an admin sees it with data on it: each form control has a label (around it, or
/// `aria-label`), each page has one `<h1>`, a language, a skip link to `<main>`, and no positive
/// `tabindex` that would break the keyboard order.
struct PageAccessibilityTests {
    /// The controls of `html` with no label: `<input>` (not hidden), `<select>`, `<textarea>`.
    static func unlabelledControls(_ html: String) -> [String] {
        html.matches(of: /<(input|select|textarea)\b[^>]*>/).compactMap { match -> String? in
            let tag = String(match.output.0)
            if tag.contains(#"type="hidden""#) || tag.contains("aria-label=") || tag.contains("aria-labelledby=") { return nil }
            let before = html[..<match.range.lowerBound]
            let opened = before.range(of: "<label", options: .backwards)?.lowerBound
            let closed = before.range(of: "</label>", options: .backwards)?.lowerBound
            if let opened, closed.map({ $0 < opened }) ?? true { return nil }
            if let id = tag.firstMatch(of: /\bid="([^"]+)"/)?.1, html.contains(#"for="\#(id)""#) { return nil }
            return tag
        }
    }

    @Test("the check finds a control outside any label, and accepts the ways of labelling one")
    func check() {
        #expect(Self.unlabelledControls(#"<label>Name</label> <input name="a"><select name="b"></select>"#) == [#"<input name="a">"#, #"<select name="b">"#])
        #expect(Self.unlabelledControls(#"<label>Name <input name="a"></label><input type="hidden" name="c">"#).isEmpty)
        #expect(Self.unlabelledControls(#"<label for="n">Name</label><input id="n" name="a"><input aria-label="Find" name="q">"#).isEmpty)
    }

    @Test("every page's form controls are labelled, with one h1, a skip link and no positive tabindex")
    func everyPage() async throws {
        try await withRunningApp { app in
            let fixture = try await ReleasePageFixture.make(in: app, production: true)
            try await app.makeUser("ada", isAdmin: true)
            let admin = try await app.signIn("ada")
            let review = try await app.open("/applications/web/deploy?version=1.1.0&environment=staging", as: admin)
            #expect(review.status == 200 && Self.unlabelledControls(review.text).isEmpty, "\(Self.unlabelledControls(review.text))")
            let release = try #require(try await app.deploy("1.0.0", to: "staging", as: try await app.signIn("dora")).id)
            await app.settle()
            let pages = [
                "/", "/machines", "/machines/\(fixture.machines[0].id)", "/groups", "/groups/\(fixture.groupID)", "/environments",
                "/applications", "/applications/web", "/applications/web/edit",
                "/releases", "/releases/\(release)", "/users", "/users/new", "/tokens", "/audit", "/account/password",
            ]
            for path in pages {
                let page = try await app.open(path, as: admin)
                #expect(page.status == 200, "\(path)")
                let html = page.text
                #expect(Self.unlabelledControls(html).isEmpty, "\(path): \(Self.unlabelledControls(html))")
                #expect(html.components(separatedBy: "<h1").count == 2, "\(path) has one h1")
                #expect(html.contains(#"<html lang="en">"#) && html.contains(##"<a class="skip-link" href="#main">"##), "\(path)")
                #expect(!html.contains(/tabindex="[1-9]/), "\(path)")
            }
            let signIn = try await app.get("/signin")
            #expect(Self.unlabelledControls(signIn.text).isEmpty, "\(Self.unlabelledControls(signIn.text))")
        }
    }
}
