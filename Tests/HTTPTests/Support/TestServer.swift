import Glibc
import Logging
@testable import HTTP

/// Runs `body` against a real server on 127.0.0.1 with a free port, then shuts it down.
func withServer(configure: (inout ServerConfiguration) -> Void = { _ in }, middleware: [any Middleware] = [],
                routes: (inout Router) -> Void, _ body: (Int) async throws -> Void) async throws {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.logger = Logger(label: "test.http")
    configuration.logger.logLevel = .warning
    configuration.loopCount = 2
    configure(&configuration)
    var router = Router()
    routes(&router)
    let server = Server(configuration: configuration, router: router, middleware: middleware)
    let port = try server.start()
    do {
        try await body(port)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// Runs blocking socket work off the cooperative pool, so it cannot starve other tests' tasks.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}

/// A plain thread, so blocking test clients never occupy Swift concurrency's few threads.
final class Thread: @unchecked Sendable {
    private let work: () -> Void

    init(_ work: @escaping () -> Void) { self.work = work }

    func start() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            Unmanaged<Thread>.fromOpaque(raw!).takeRetainedValue().work()
            return nil
        }, box.toOpaque())
        pthread_detach(thread)
    }
}

/// The resident set size of this process, from /proc/self/status.
func residentMegabytes() -> Double {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") {
            let kilobytes = text.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
    }
    return 0
}
