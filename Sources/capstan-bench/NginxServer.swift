import Foundation

/// Debian's nginx serving one file with a fixed Content-Type: the yardstick for capstan's numbers.
enum NginxServer {
    /// Starts nginx on a free port of 127.0.0.1 answering `path` with exactly `body` and `contentType`.
    static func start(
        executable: String, path: String, body: [UInt8], contentType: String,
        in directory: TemporaryDirectory
    ) async throws -> (ChildProcess, Endpoint) {
        let port = try Socket.freePort()
        let root = directory.path("nginx-root")
        let file = URL(fileURLWithPath: root + path.prefix { $0 != "?" })
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(body).write(to: file)
        let config = directory.path("nginx.conf")
        try configuration(port: port, root: root, contentType: contentType, directory: directory)
            .write(toFile: config, atomically: true, encoding: .utf8)
        let nginx = try ChildProcess(
            name: "nginx", executable: executable,
            arguments: ["-e", "stderr", "-p", directory.url.path, "-c", config],
            logPath: directory.path("nginx.log")
        )
        let endpoint = Endpoint(host: "127.0.0.1", port: port, path: path)
        try await waitUntilListening(nginx, at: endpoint)
        return (nginx, endpoint)
    }

    private static func waitUntilListening(_ nginx: ChildProcess, at endpoint: Endpoint) async throws {
        for _ in 0..<200 {
            if let fd = try? Socket.connect(to: endpoint.host, port: endpoint.port) {
                close(fd)
                return
            }
            try Interrupt.check()
            guard nginx.isRunning else { throw nginx.failure("exited") }
            try await Task.sleep(for: .milliseconds(25))
        }
        nginx.stop()
        throw nginx.failure("is not listening on \(endpoint) after 5 s")
    }

    static func configuration(
        port: UInt16, root: String, contentType: String, directory: TemporaryDirectory
    ) -> String {
        let temp = NginxServer.temporaryPaths(in: directory)
        return """
            worker_processes 2;
            daemon off;
            pid \(directory.path("nginx.pid"));
            error_log stderr;
            events { worker_connections 16384; }
            http {
                access_log off;
                server_tokens off;
                keepalive_requests 100000;
            \(temp)
                server {
                    listen 127.0.0.1:\(port) backlog=4096;
                    root \(root);
                    location / {
                        types { }
                        default_type "\(contentType.replacingOccurrences(of: "\"", with: ""))";
                    }
                }
            }

            """
    }

    /// nginx's temporary directories inside the bench's own directory (the defaults need root).
    static func temporaryPaths(in directory: TemporaryDirectory) -> String {
        ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
            .map { "    \($0)_temp_path \(directory.path("nginx-\($0)"));" }
            .joined(separator: "\n")
    }
}
