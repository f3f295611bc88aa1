import Core
import Foundation
import Storage
import Testing

/// The versions section of `/applications/{name}`.
struct PackagesPagesTests {
    @Test("the versions section lists versions newest first with size, short SHA-256, who, commit and a download link")
    func versions() async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            let empty = try await app.get("/applications/web", as: fleet.user("viewer"))
            #expect(empty.status == 200 && empty.text.contains("No versions yet") && empty.text.contains("capstan push web"))
            let deployer = fleet.user("deployer")
            let bytes = try await PackagesAPITests.package("page")
            #expect(try await app.upload("web", "1.0", bytes, as: deployer).status == 201)
            #expect(try await app.upload("web", "1.1", try await PackagesAPITests.package("page 2"), as: deployer,
                                         headers: ["X-Capstan-Commit": "0123456789abcdef", "X-Capstan-Branch": "release%3Cx%3E"]).status == 201)
            let sha = try await PackagesAPITests.sha256(bytes)
            let page = try await app.get("/applications/web", as: fleet.user("viewer")).text
            #expect(!page.contains("No versions yet"))
            #expect(page.contains(#"<code title="\#(sha)">\#(sha.prefix(12))</code>"#))
            #expect(page.contains(#"href="/api/v1/applications/web/packages/1.0/download""#))
            #expect(page.contains("<code>0123456789ab</code>") && page.contains("release&lt;x&gt;") && !page.contains("release<x>"))
            #expect(page.contains("<td>deployer</td>"))
            let newer = try #require(page.range(of: "<td>1.1</td>")), older = try #require(page.range(of: "<td>1.0</td>"))
            #expect(newer.lowerBound < older.lowerBound)
        }
    }
}
