import Foundation

/// Debian's nginx serving one existing file with sendfile on: the yardstick for package downloads.
enum NginxFileServer {
    /// Starts nginx on a free port of 127.0.0.1 serving `file` (hard-linked into its root, not copied)
    /// at `/<name>`.
    static func start(executable: String, file: String, name: String, in directory: TemporaryDirectory) async throws -> (ChildProcess, Endpoint) {
        let port = try Socket.freePort()
        let root = directory.path("nginx-files")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.linkItem(atPath: file, toPath: root + "/" + name)
        let config = directory.path("nginx-files.conf")
        try configuration(port: port, root: root, directory: directory).write(toFile: config, atomically: true, encoding: .utf8)
        let nginx = try ChildProcess(name: "nginx", executable: executable,
                                     arguments: ["-e", "stderr", "-p", directory.url.path, "-c", config],
                                     logPath: directory.path("nginx-files.log"))
        let endpoint = Endpoint(host: "127.0.0.1", port: port, path: "/" + name)
        for _ in 0..<200 {
            if let fd = try? Socket.connect(to: endpoint.host, port: endpoint.port) {
                close(fd)
                return (nginx, endpoint)
            }
            try Interrupt.check()
            guard nginx.isRunning else { throw nginx.failure("exited") }
            try await Task.sleep(for: .milliseconds(25))
        }
        nginx.stop()
        throw nginx.failure("is not listening on \(endpoint) after 5 s")
    }

    private static func configuration(port: UInt16, root: String, directory: TemporaryDirectory) -> String {
        let temp = NginxServer.temporaryPaths(in: directory)
        return """
            worker_processes 2;
            daemon off;
            pid \(directory.path("nginx-files.pid"));
            error_log stderr;
            events { worker_connections 1024; }
            http {
                access_log off;
                server_tokens off;
                sendfile on;
                tcp_nopush on;
            \(temp)
                server {
                    listen 127.0.0.1:\(port);
                    root \(root);
                    location / { types { } default_type application/gzip; }
                }
            }

            """
    }
}
