import Foundation

extension HTTPBenchmark {
    /// Fails early, saying what to install or change, before any server starts.
    func checkPrerequisites() throws {
        if settings.targetURL == nil, !FileManager.default.isExecutableFile(atPath: settings.capstan) {
            throw BenchError("""
                no capstan executable at \(settings.capstan); build it first with \
                `swift build -c release` (or pass --capstan PATH, or --target-url URL)
                """)
        }
        for (tool, path) in [("wrk", settings.wrk), ("nginx", settings.nginx)]
        where !FileManager.default.isExecutableFile(atPath: path) {
            throw BenchError("no \(tool) at \(path); install it with `apt-get install -y nginx wrk`")
        }
        // Raised before any child starts, so capstan and nginx inherit the higher limit too.
        let limit = FileLimit.raiseToHardLimit()
        let needed = settings.idleConnections + 256
        guard settings.idleConnections == 0 || limit >= needed else {
            throw BenchError("""
                --idle \(settings.idleConnections) needs about \(needed) open files, but this \
                process's hard limit (ulimit -Hn) is \(limit); lower --idle or raise the limit
                """)
        }
    }

    /// nginx must answer with exactly the bytes and Content-Type capstan sent, or the comparison is void.
    func checkSameResponse(at nginx: Endpoint, as sample: HTTPResponse) throws {
        let copy = try fetch(nginx)
        guard copy.body == sample.body, copy.contentType == sample.contentType else {
            throw BenchError("""
                nginx at \(nginx) answered \(copy.body.count) bytes of \(copy.contentType ?? "?") \
                instead of \(sample.body.count) bytes of \(sample.contentType ?? "?")
                """)
        }
    }
}
