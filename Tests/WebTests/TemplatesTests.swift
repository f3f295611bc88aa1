import Testing
@testable import Web

struct TemplatesTests {
    @Test("the dashboard renders inside the layout")
    func homeInLayout() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let response = try await app.get("/", headers: try await app.signIn("ada").headers())
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            let html = response.text
            #expect(html.hasPrefix("<!doctype html>"))
            #expect(html.contains("<title>Dashboard · Capstan</title>"))
            #expect(html.contains(#"<link rel="stylesheet" href="/static/capstan.css">"#))
            #expect(html.contains(#"<a href="/" aria-current="page">Dashboard</a>"#))
            #expect(html.contains("<h1>Dashboard</h1>"))
            #expect(html.contains("Capstan \(App.version)"))
            // The page's content sits inside the layout's <main>.
            let main = try #require(html.range(of: #"<main id="main""#))
            let heading = try #require(html.range(of: "<h1>"))
            let mainEnd = try #require(html.range(of: "</main>"))
            #expect(main.upperBound < heading.lowerBound && heading.upperBound < mainEnd.lowerBound)
        }
    }

    @Test("values are escaped for HTML")
    func escapes() async throws {
        let templates = try await Templates.load(from: Repository.resourcesDirectory)
        let html = templates.render(.home, PageContext.make(title: "<script>alert(1)</script>", path: "/", [
            "hasReleases": true, "hasRecent": true,
            "recent": [["id": "1", "message": #"<script>document.cookie</script> & "quotes""#]],
        ]))
        #expect(!html.contains("<script>"))
        #expect(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; · Capstan</title>"))
        #expect(html.contains("<td>&lt;script&gt;document.cookie&lt;/script&gt; &amp; &quot;quotes&quot;</td>"))
    }

    @Test("loading fails naming a missing template")
    func missingTemplate() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("<html>{{$main}}{{/main}}</html>", to: "layout.mustache")
        let error = await #expect(throws: StartupError.self) { try await Templates.load(from: directory.path) }
        #expect(error?.description.contains("home.mustache is missing") == true)
    }

    @Test("loading fails naming a template that does not parse, with its line")
    func invalidTemplate() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("<html>{{$main}}{{/main}}</html>", to: "layout.mustache")
        try directory.write("{{<layout}}\n{{$main}}{{#items}}<li>{{/item}}{{/main}}\n{{/layout}}\n", to: "home.mustache")
        let error = await #expect(throws: StartupError.self) { try await Templates.load(from: directory.path) }
        let message = error?.description ?? ""
        #expect(message.contains("home.mustache is invalid"))
        #expect(message.contains("line 2"))
    }

    @Test("loading fails naming a templates directory that does not exist")
    func missingDirectory() async throws {
        let error = await #expect(throws: StartupError.self) { try await Templates.load(from: "/nonexistent/capstan-templates") }
        #expect(error?.description.contains("/nonexistent/capstan-templates") == true)
        #expect(error?.description.contains("CAPSTAN_RESOURCES") == true)
    }
}
