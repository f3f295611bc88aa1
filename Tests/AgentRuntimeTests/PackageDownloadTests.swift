import Core
import Foundation
import Testing
@testable import AgentRuntime

/// The streaming download against a raw-socket server that honours (or ignores) `Range`.
struct PackageDownloadTests {
    let scratch: Scratch
    let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })

    init() throws { scratch = try Scratch() }

    private func server(honoursRange: Bool) throws -> TestHTTPServer {
        let bytes = bytes
        return try TestHTTPServer { request in
            if honoursRange, let range = request.headers["range"], let start = Int(range.dropFirst(6).dropLast()) {
                return .init(status: 206, body: bytes[start...], contentType: "application/gzip")
            }
            return .init(status: 200, body: bytes, contentType: "application/gzip")
        }
    }

    private func download(from server: TestHTTPServer, into path: String) async throws {
        let client = AgentClient(server: URL(string: server.url)!, token: "t")
        try await client.download(.init(id: 1, sha256: "", size: Int64(bytes.count)), to: path, attempts: 1)
    }

    @Test("a partial download resumes with Range and appends the 206 answer")
    func resumes() async throws {
        let path = "\(scratch.path)/p.part"
        try bytes.prefix(100_000).write(to: URL(fileURLWithPath: path))
        let server = try server(honoursRange: true)
        try await download(from: server, into: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(server.received.first?.headers["range"] == "bytes=100000-")
        #expect(server.received.first?.headers["authorization"] == "Bearer t")
    }

    @Test("a 200 answer to a Range request starts the file over")
    func restarts() async throws {
        let path = "\(scratch.path)/p.part"
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
        try await download(from: try server(honoursRange: false), into: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("an error answer is reported with the server's message")
    func errorAnswer() async throws {
        let server = try TestHTTPServer { _ in .init(status: 404, body: Data(#"{"error":{"code":"notFound","message":"no such package"}}"#.utf8)) }
        await #expect(throws: AgentError.rejected(status: 404, message: "no such package")) {
            try await download(from: server, into: "\(scratch.path)/x.part")
        }
    }
}
