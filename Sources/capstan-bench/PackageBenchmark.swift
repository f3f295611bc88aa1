import Foundation

/// Uploads one random package to a fresh `capstan serve` several times, then downloads it from capstan
/// and from nginx serving the same file, each transfer by curl over loopback.
struct PackageBenchmark: Sendable {
    struct Settings: Sendable {
        let capstan: String
        let nginx: String
        let curl: String
        /// A `head -c` size: bytes, or with a K, M or G suffix (powers of 1024).
        let size: String
        let runs: Int
    }

    /// One run's figures, in bytes per second.
    struct Run: Sendable {
        let upload: Double
        let capstanDownload: Double
        let nginxDownload: Double
    }

    let settings: Settings

    /// The runs; the package's size in bytes goes with them.
    func run() async throws -> (runs: [Run], packageBytes: Int64) {
        let directory = try TemporaryDirectory(prefix: "capstan-bench-packages")
        defer { directory.remove() }
        let token = try BenchCredentials.seedDeployer(dataDirectory: directory.path("capstan-data"))
        let package = try await makePackage(in: directory)
        let packageBytes = try FileManager.default.attributesOfItem(atPath: package)[.size] as? Int64 ?? 0
        let (capstan, endpoint) = try await CapstanServer.start(executable: settings.capstan, path: "/", in: directory)
        defer { capstan.stop() }
        let (nginx, nginxEndpoint) = try await NginxFileServer.start(executable: settings.nginx, file: package, name: "package.tar.gz", in: directory)
        defer { nginx.stop() }
        let curl = Curl(executable: settings.curl, token: token)
        var runs: [Run] = []
        for run in 1...settings.runs {
            let url = "http://\(endpoint.host):\(endpoint.port)/api/v1/applications/\(BenchCredentials.packageApplication)/packages/\(run).0"
            // A new version each run: the same version again would be a retry, not a store.
            let upload = try await curl.upload(package, to: url, in: directory)
            let capstanDownload = try await curl.download(url + "/download", in: directory)
            let nginxDownload = try await curl.download(nginxEndpoint.description, in: directory)
            runs.append(Run(upload: upload, capstanDownload: capstanDownload, nginxDownload: nginxDownload))
        }
        return (runs, packageBytes)
    }

    /// A `.tar.gz` of random bytes, which gzip cannot shrink, so the package is as big as asked.
    private func makePackage(in directory: TemporaryDirectory) async throws -> String {
        let shell = try ChildProcess(
            name: "tar", executable: "/bin/sh",
            arguments: ["-c", "cd '\(directory.url.path)' && head -c '\(settings.size)' /dev/urandom > random && tar -czf package.tgz random && rm random"],
            logPath: directory.path("package.log"))
        guard try await shell.waitForExit() == 0 else { throw shell.failure("could not make the package") }
        return directory.path("package.tgz")
    }
}
