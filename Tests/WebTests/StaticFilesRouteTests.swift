import Foundation
import HTTP
import Testing
@testable import Web

struct StaticFilesRouteTests {
    let css = Array(FileManager.default.contents(atPath: Repository.publicDirectory + "/capstan.css") ?? Data())

    @Test("serves a file with validators, then 304 when the ETag still matches")
    func validators() async throws {
        try #require(!css.isEmpty)
        try await withRunningApp { app in
            let first = try await app.get("/static/capstan.css")
            #expect(first.status == 200)
            #expect(first.header("Content-Type") == "text/css; charset=utf-8")
            #expect(first.body == css)
            let etag = try #require(first.header("ETag"))
            #expect(first.header("Last-Modified")?.hasSuffix(" GMT") == true)

            let second = try await app.get("/static/capstan.css", headers: ["If-None-Match": etag])
            #expect(second.status == 304)
            #expect(second.body.isEmpty)
            #expect(second.header("ETag") == etag)
        }
    }

    @Test("answers a single byte range with 206 and Content-Range")
    func range() async throws {
        try await withRunningApp { app in
            let response = try await app.get("/static/capstan.css", headers: ["Range": "bytes=0-9"])
            #expect(response.status == 206)
            #expect(response.header("Content-Range") == "bytes 0-9/\(css.count)")
            #expect(response.body == Array(css.prefix(10)))
        }
    }

    @Test("gzips CSS for a client that accepts it")
    func gzip() async throws {
        try await withRunningApp { app in
            let response = try await app.get("/static/capstan.css", headers: ["Accept-Encoding": "gzip"])
            #expect(response.status == 200)
            #expect(response.header("Content-Encoding") == "gzip")
            #expect(response.header("Vary") == "Accept-Encoding")
            #expect(response.body.count < css.count)
            #expect(try Gzip.decompress(response.body) == css)
        }
    }

    @Test("refuses paths that try to leave Public/", arguments: [
        "/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/..%2fPackage.swift",
        "/static/.%2e/.%2e/Package.swift", "/static//etc/passwd", "/static/.hidden",
    ])
    func traversal(target: String) async throws {
        try await withRunningApp { app in
            let response = try await app.get(target)
            #expect([400, 404].contains(response.status))
            #expect(try response.errorObject()["code"] as? String != nil)
            #expect(!response.text.contains("swift-tools-version"))
            #expect(!response.text.contains("root:"))
        }
    }
}
