import Core
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Storage
import Web

/// The fleet, the server and the requests `capstan-bench machines` measures.
final class MachineListBenchmark: Sendable {
    /// One measured request kind: what it asked, how long each took end to end and inside the
    /// server's handler (its `Server-Timing`; empty when measured in process), how big the answer was.
    struct Result: Sendable {
        let name: String
        let milliseconds: [Double]
        var serverMilliseconds: [Double] = []
        let bytes: Int
    }

    let seedSeconds: Double
    private let app: App
    private let store: Store
    private let directory: URL
    private let adminToken: String
    private let memberToken: String

    private init(seedSeconds: Double, app: App, store: Store, directory: URL, adminToken: String, memberToken: String) {
        self.seedSeconds = seedSeconds
        self.app = app
        self.store = store
        self.directory = directory
        self.adminToken = adminToken
        self.memberToken = memberToken
    }

    /// Seeds a store in a temporary directory, then starts the server over it on a free port.
    static func prepare(machines: Int, groups: Int) async throws -> MachineListBenchmark {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-bench-machines-\(UUID().uuidString)")
        var configuration = Configuration()
        configuration.port = 0
        configuration.host = "127.0.0.1"
        configuration.dataDirectory = directory.path
        configuration.logLevel = .warning
        var logger = Logger(label: "capstan.bench")
        logger.logLevel = .warning
        let started = ContinuousClock.now
        let store = try Store.open(at: directory, migrationsDirectory: URL(fileURLWithPath: configuration.migrationsDirectory),
                                   logger: logger)
        let (adminToken, memberToken) = try MachineFleetSeeder(store: store).seed(machines: machines, groups: groups)
        let seeded = ContinuousClock.now - started
        let app = try await App.make(configuration: configuration)
        try app.start()
        return MachineListBenchmark(seedSeconds: Double(seeded.components.seconds) + Double(seeded.components.attoseconds) / 1e18,
                                    app: app, store: store, directory: directory, adminToken: adminToken, memberToken: memberToken)
    }

    func stop() {
        let app = app
        let directory = directory
        Task {
            await app.shutdown()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    func run(requests: Int) async throws -> [Result] {
        let kinds: [(String, String, String)] = [
            ("API list, 50 by hostname", "/api/v1/machines", adminToken),
            ("API filtered dc+label+state, -lastSeenAt", "/api/v1/machines?datacenter=dc-2&label=tier%3Dweb&state=active&sort=-lastSeenAt", adminToken),
            ("API text search q=host-01", "/api/v1/machines?q=host-01", adminToken),
            ("API list as member of 10 groups", "/api/v1/machines?limit=100", memberToken),
            ("API page 20 via cursor", "", adminToken),
            ("API counts, filtered dc+label+state", "/api/v1/machines/counts?datacenter=dc-2&label=tier%3Dweb&state=active", adminToken),
            ("HTML /machines page (rows + counts)", "/machines?sort=-lastSeenAt", adminToken),
        ]
        let session = URLSession(configuration: .ephemeral)
        var results: [Result] = []
        for (name, path, token) in kinds {
            let target = path.isEmpty ? try await deepCursorPath(session, token) : path
            results.append(try await measure(name, target, token, requests, session))
        }
        let store = store
        results.append(try await measureInProcess("Storage list query, in process", requests) { query in
            _ = try await store.read { db in try db.machines(matching: query) }
        })
        results.append(try await measureInProcess("Storage counts query, in process", requests) { query in
            _ = try await store.read { db in try db.machineCounts(matching: query) }
        })
        return results
    }

    /// Times a read of the seeded store with the default machine query, as the server would run it
    /// for an admin, without HTTP.
    private func measureInProcess(_ name: String, _ count: Int, _ body: (MachineQuery) async throws -> Void) async throws -> Result {
        var samples: [Double] = []
        for _ in 0..<count {
            let query = MachineQuery(offlineAfter: 90, now: Date())
            let start = ContinuousClock.now
            try await body(query)
            samples.append(Self.milliseconds(ContinuousClock.now - start))
        }
        return Result(name: name, milliseconds: samples.sorted(), bytes: 0)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
    }

    /// The `app;dur=` of a `Server-Timing` header, in milliseconds.
    private static func serverMilliseconds(_ response: HTTPURLResponse?) -> Double? {
        guard let header = response?.value(forHTTPHeaderField: "Server-Timing"), let range = header.range(of: "dur=") else { return nil }
        return Double(header[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    private func measure(_ name: String, _ path: String, _ token: String, _ count: Int, _ session: URLSession) async throws -> Result {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(app.port!)\(path)")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        var samples: [Double] = []
        var server: [Double] = []
        var bytes = 0
        for _ in 0..<count {
            let start = ContinuousClock.now
            let (data, response) = try await session.data(for: request)
            let elapsed = ContinuousClock.now - start
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                throw MachineBenchError("\(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0): \(String(decoding: data, as: UTF8.self).prefix(200))")
            }
            samples.append(Self.milliseconds(elapsed))
            if let handler = Self.serverMilliseconds(response as? HTTPURLResponse) { server.append(handler) }
            bytes = data.count
        }
        return Result(name: name, milliseconds: samples.sorted(), serverMilliseconds: server.sorted(), bytes: bytes)
    }

    /// The path of the 20th page of the default list, reached by following cursors.
    private func deepCursorPath(_ session: URLSession, _ token: String) async throws -> String {
        var path = "/api/v1/machines"
        for _ in 1..<20 {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(app.port!)\(path)")!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await session.data(for: request)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            guard let cursor = object?["nextCursor"] as? String else { throw MachineBenchError("the list ended before page 20") }
            path = "/api/v1/machines?cursor=\(cursor)"
        }
        return path
    }

    static func table(_ results: [Result]) -> String {
        func percentile(_ sorted: [Double], _ p: Double) -> String {
            let value = sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
            return String(format: "%.2f ms", value)
        }
        let header = ["request", "p50", "p99", "max", "handler p50", "handler p99", "bytes"]
        let rows = results.map { result in
            let server = result.serverMilliseconds
            return [result.name, percentile(result.milliseconds, 0.5), percentile(result.milliseconds, 0.99),
                    String(format: "%.2f ms", result.milliseconds.last ?? 0),
                    server.isEmpty ? "–" : percentile(server, 0.5), server.isEmpty ? "–" : percentile(server, 0.99),
                    result.bytes == 0 ? "–" : String(result.bytes)]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        let line = { (cells: [String]) in
            cells.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n")
    }
}

/// A failure of the machines benchmark, in one sentence.
struct MachineBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
