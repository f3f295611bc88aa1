import Foundation
import Testing
@testable import Client

struct PackageRecordTests {
    @Test("decodes a package page, dropping metadata the server sent as null")
    func decodesPage() throws {
        let json = #"""
            {"items":[{"application":"web","version":"1.4.2","sha256":"ab","size":10,"createdAt":"2026-11-22T05:51:23.120Z",
            "createdBy":"ci","metadata":{"commit":"abc","branch":null}}],"nextCursor":"1.4.1"}
            """#
        let page = try JSONDecoder().decode(PackagePage.self, from: Data(json.utf8))
        #expect(page == PackagePage(items: [PackageRecord(application: "web", version: "1.4.2", sha256: "ab", size: 10,
                                                          createdAt: "2026-11-22T05:51:23.120Z", createdBy: "ci",
                                                          metadata: ["commit": "abc"])],
                                    nextCursor: "1.4.1"))
    }

    @Test func tableShowsShortHashesAndReadableSizes() {
        let packages = [
            PackageRecord(application: "web", version: "1.4.2", sha256: String(repeating: "a", count: 64), size: 3 * 1024 * 1024 / 2,
                          createdAt: "2026-11-22T05:51:23Z", createdBy: "ci", metadata: ["commit": "0123456789abcdef"]),
            PackageRecord(application: "web", version: "1.4.10", sha256: String(repeating: "b", count: 64), size: 512,
                          createdAt: "2026-11-21T00:00:00Z", createdBy: "alice"),
        ]
        #expect(PackageTable.render(packages) == """
            VERSION  SIZE     SHA256        CREATED              BY     COMMIT
            1.4.2    1.5 MiB  aaaaaaaaaaaa  2026-11-22 05:51:23  ci     0123456789ab
            1.4.10   512 B    bbbbbbbbbbbb  2026-11-21 00:00:00  alice
            """)
    }
}
