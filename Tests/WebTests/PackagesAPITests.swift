import Core
import Glibc
import Foundation
import Storage
import Testing
@testable import Web

/// `/api/v1/applications/{app}/packages`, against `web` in G and `db` in H of the fleet fixture, with
/// real `.tar.gz` files made by /bin/tar.
struct PackagesAPITests {
    /// A `.tar.gz` made by `script` (run with /bin/sh in a fresh directory; it writes `out.tgz`).
    static func archive(_ script: String) async throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        let status = try await shell("mkdir -p src && cd src && (\(script))", in: directory)
        #expect(status == 0, "\(script)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: directory.path + "/src/out.tgz")))
    }

    /// The SHA-256 of `bytes` by `sha256sum`, independent of the server's own hashing.
    /// Runs `script` with /bin/sh in `directory`, output to files (no pipes to fill up); its exit status.
    static func shell(_ script: String, in directory: TemporaryDirectory) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(\(script)) >stdout 2>stderr"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let (exits, continuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
        for await status in exits { return status }
        return -1
    }

    static func sha256(_ bytes: [UInt8]) async throws -> String {
        let directory = try TemporaryDirectory()
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path + "/file"))
        _ = try await shell("sha256sum < file > sum", in: directory)
        return String(try String(contentsOfFile: directory.path + "/sum", encoding: .utf8).prefix(64))
    }

    /// A valid package holding `bin/app` with `content`.
    static func package(_ content: String) async throws -> [UInt8] {
        try await archive("mkdir bin && printf '%s' '\(content)' > bin/app && tar -czf out.tgz bin")
    }

    static func artifacts(_ app: FleetApp) -> String {
        URL(fileURLWithPath: app.store.path).deletingLastPathComponent().path + "/artifacts"
    }

    static func files(in directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { !((try? FileManager.default.attributesOfItem(atPath: directory + "/" + $0)[.type] as? FileAttributeType) == .typeDirectory) }
    }

    static func rowCount(_ app: FleetApp) throws -> Int {
        try app.store.read { db in
            try ["web", "db"].map { try db.packages(of: db.application(named: $0).id).packages.count }.reduce(0, +)
        }
    }

    @Test("a package goes up and comes back byte for byte, with its sha256 as ETag and ranges")
    func roundTrip() async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            let bytes = try await Self.package("v1")
            let sha = try await Self.sha256(bytes)
            let created = try await app.upload("web", "1.4.2", bytes, as: fleet.user("deployer"), headers: [
                "X-Capstan-SHA256": sha, "X-Capstan-Commit": "abc123", "X-Capstan-Branch": "main",
                "X-Capstan-Notes": "line%20one%0Aline%20two%20%E2%9C%93",
            ])
            #expect(created.status == 201, "\(created.text)")
            let json = try created.json()
            #expect(json["application"] as? String == "web" && json["version"] as? String == "1.4.2")
            #expect(json["sha256"] as? String == sha && json["size"] as? Int == bytes.count && json["createdBy"] as? String == "deployer")
            let metadata = try #require(json["metadata"] as? [String: Any])
            #expect(metadata["commit"] as? String == "abc123" && metadata["notes"] as? String == "line one\nline two ✓")
            #expect(metadata["buildURL"] is NSNull)

            let download = try await app.get("/api/v1/applications/web/packages/1.4.2/download", as: fleet.user("viewer"))
            #expect(download.status == 200 && download.body == bytes)
            #expect(download.header("ETag") == "\"\(sha)\"" && download.header("Content-Type") == "application/gzip")
            let range = try await RawHTTP.send(method: "GET", target: "/api/v1/applications/web/packages/1.4.2/download",
                                               headers: try await app.headers(for: fleet.user("viewer")).merging(["Range": "bytes=0-9"]) { $1 },
                                               port: app.port)
            #expect(range.status == 206 && range.body == Array(bytes.prefix(10)))

            let show = try await app.get("/api/v1/applications/web/packages/1.4.2", as: fleet.user("viewer"))
            #expect(try show.status == 200 && (show.json()["sha256"] as? String) == sha)
            let records = try await app.store.read { db in try db.auditRecords(matching: AuditQuery()) }
            #expect(records.filter { $0.entry.action == "package.upload" }.count == 1)
        }
    }

    @Test("the same version with the same bytes is 200 and changes nothing; other bytes are 409 and leave no file")
    func retriesAndConflicts() async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            let deployer = fleet.user("deployer")
            let first = try await Self.package("one")
            #expect(try await app.upload("web", "1.0", first, as: deployer).status == 201)
            let again = try await app.upload("web", "1.0", first, as: deployer)
            let sha = try await Self.sha256(first)
            #expect(try again.status == 200 && (again.json()["sha256"] as? String) == sha)
            let other = try await app.upload("web", "1.0", try await Self.package("two"), as: deployer)
            #expect(other.status == 409, "\(other.text)")
            #expect(try Self.rowCount(app) == 1)
            #expect(Self.files(in: Self.artifacts(app)) == ["sha256/\(sha.prefix(2))/\(sha)"])
        }
    }

    @Test("a checksum mismatch is 422 with no row and nothing left in artifacts/tmp")
    func checksumMismatch() async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            let response = try await app.upload("web", "1.0", try await Self.package("x"), as: fleet.user("deployer"),
                                                headers: ["X-Capstan-SHA256": String(repeating: "a", count: 64)])
            #expect(try response.status == 422 && (response.errorObject()["message"] as? String ?? "").contains("checksum mismatch"))
            #expect(try Self.rowCount(app) == 0)
            #expect(Self.files(in: Self.artifacts(app)).isEmpty)
        }
    }

    @Test("hostile archives are 422 naming the entry", arguments: [
        ("mkdir a && touch x && cd a && tar -czPf ../out.tgz ../x", "../x"),
        ("touch x && tar -czPf out.tgz --transform 's,^,/etc/,' x", "/etc/x"),
        ("ln -s / root && tar -czf out.tgz root", "root"),
    ])
    func hostileArchives(script: String, entry: String) async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            let response = try await app.upload("web", "1.0", try await Self.archive(script), as: fleet.user("deployer"))
            #expect(response.status == 422)
            #expect(try (response.errorObject()["message"] as? String ?? "").contains("\"\(entry)\""), "\(response.text)")
            #expect(try Self.rowCount(app) == 0 && Self.files(in: Self.artifacts(app)).isEmpty)
        }
    }

    @Test("an upload cut off halfway leaves no row and no temporary file")
    func interruptedUpload() async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            var head = "PUT /api/v1/applications/web/packages/1.0 HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
            for (name, value) in try await app.headers(for: fleet.user("deployer")) { head += "\(name): \(value)\r\n" }
            let bytes = try await Self.archive("mkdir bin && head -c 5000 /dev/urandom > bin/app && tar -czf out.tgz bin")
            let connection = try Self.connectAndSend(Array((head + "\r\n").utf8) + bytes.prefix(1000), port: app.port)
            // The upload has begun once its temporary file exists; then the client goes away.
            for _ in 0..<100 where Self.files(in: Self.artifacts(app) + "/tmp").isEmpty {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(Self.files(in: Self.artifacts(app) + "/tmp").count == 1)
            close(connection)
            var leftovers = ["?"]
            for _ in 0..<100 {
                leftovers = Self.files(in: Self.artifacts(app))
                if leftovers.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(leftovers.isEmpty)
            #expect(try Self.rowCount(app) == 0)
        }
    }

    @Test("a viewer cannot upload; a token for another group sees the application as missing")
    func permissions() async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            let bytes = try await Self.package("p")
            #expect(try await app.upload("web", "1.0", bytes, as: fleet.user("viewer")).status == 403)
            #expect(try await app.upload("web", "1.0", bytes, as: fleet.user("outsider")).status == 404)
            #expect(try await app.upload("web", "bad version", bytes, as: fleet.user("deployer")).status == 422)
            #expect(try await app.upload("web", "1.0", bytes, as: fleet.user("deployer")).status == 201)
            let scoped = try await app.get("/api/v1/applications/web/packages/1.0/download", as: fleet.user("admin"), scope: "group:\(fleet.h.id)")
            #expect(scoped.status == 404)
            let list = try await app.get("/api/v1/applications/web/packages", as: fleet.user("viewer"))
            #expect(try ((list.json()["items"] as? [[String: Any]]) ?? []).map { $0["version"] as? String } == ["1.0"])
        }
    }

    @Test("two uploads at once both succeed; two versions with the same bytes share one file; the list is newest first")
    func concurrentAndShared() async throws {
        try await withFleetApp { app in
            let fleet = try ApplicationsAPITests.seed(app)
            let deployer = fleet.user("deployer")
            let random = "mkdir bin && head -c 300000 /dev/urandom > bin/app && tar -czf out.tgz bin"
            let a = try await Self.archive(random)
            let b = try await Self.archive(random)
            async let first = app.upload("web", "1.0", a, as: deployer)
            async let second = app.upload("web", "2.0", b, as: deployer)
            #expect(try await [first.status, second.status] == [201, 201])
            #expect(try await app.upload("web", "3.0", a, as: deployer).status == 201)
            #expect(Self.files(in: Self.artifacts(app)).count == 2)
            let page = try await app.get("/api/v1/applications/web/packages?limit=2", as: deployer).json()
            // 1.0 and 2.0 raced, so either may be older; 3.0 is the newest.
            let versions = (page["items"] as? [[String: Any]] ?? []).compactMap { $0["version"] as? String }
            #expect(versions.count == 2 && versions.first == "3.0")
            #expect(page["nextCursor"] is String)
        }
    }

    @Test("a body over --max-package-size is 413")
    func tooLarge() async throws {
        try await withRunningApp(configure: { configuration, _ in configuration.maxPackageBytes = 1000 }) { running in
            let response = try await RawHTTP.send(method: "PUT", target: "/api/v1/applications/web/packages/1.0",
                                                  body: [UInt8](repeating: 0, count: 2000), port: running.port)
            #expect(response.status == 413)
        }
    }
}

extension PackagesAPITests {
    /// Connects and sends `bytes`; returns the socket for the caller to close mid-upload.
    static func connectAndSend(_ bytes: [UInt8], port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0, bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            close(fd)
            throw RawHTTP.Failure("connect or send failed: errno \(errno)")
        }
        return fd
    }
}

extension FleetApp {
    /// PUTs `bytes` as a package upload.
    func upload(_ application: String, _ version: String, _ bytes: [UInt8], as user: Int64,
                headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await RawHTTP.send(method: "PUT", target: "/api/v1/applications/\(application)/packages/\(version.replacingOccurrences(of: " ", with: "%20"))",
                               headers: try await self.headers(for: user).merging(headers) { $1 }, body: bytes, port: port)
    }

    /// A session for `user`, as cookie and CSRF header.
    func headers(for user: Int64) async throws -> [String: String] {
        let (session, token) = try await store.write { db in
            try db.createSession(userID: user, expiresAt: Date().addingTimeInterval(3600))
        }
        return ["Cookie": "capstan_session=\(token.text)", "X-CSRF-Token": session.csrfToken]
    }
}
