import Foundation

/// One transfer by curl as a child process, so neither the bench nor the server under test shares a
/// process with the client; curl's own `speed_upload` or `speed_download` is the figure.
struct Curl: Sendable {
    let executable: String
    let token: String

    /// PUTs the file at `path` to `url`; bytes per second.
    func upload(_ path: String, to url: String, in directory: TemporaryDirectory) async throws -> Double {
        try await transfer(["-T", path, url], measuring: "speed_upload", in: directory)
    }

    /// GETs `url` into /dev/null; bytes per second.
    func download(_ url: String, in directory: TemporaryDirectory) async throws -> Double {
        try await transfer([url], measuring: "speed_download", in: directory)
    }

    private func transfer(_ arguments: [String], measuring variable: String, in directory: TemporaryDirectory) async throws -> Double {
        let curl = try ChildProcess(
            name: "curl", executable: executable,
            arguments: ["-sS", "--fail", "-o", "/dev/null", "-w", "%{\(variable)}", "-H", "Authorization: Bearer \(token)"] + arguments,
            logPath: directory.path("curl.log")
        )
        let status = try await curl.waitForExit()
        guard status == 0, let speed = Double(curl.output.trimmingCharacters(in: .whitespacesAndNewlines)), speed > 0 else {
            throw curl.failure("failed (status \(status))")
        }
        return speed
    }
}

extension Curl {
    /// POSTs `json` (or nothing) to `url`; the answer's body, or the failure with curl's output.
    func post(_ url: String, json: String?, in directory: TemporaryDirectory) async throws -> String {
        var arguments = ["-sS", "--fail-with-body", "-X", "POST", "-H", "Authorization: Bearer \(token)"]
        if let json { arguments += ["-H", "Content-Type: application/json", "--data-binary", json] }
        let curl = try ChildProcess(name: "curl", executable: executable, arguments: arguments + [url], logPath: directory.path("curl-post.log"))
        let status = try await curl.waitForExit()
        guard status == 0 else { throw curl.failure("POST \(url) failed (status \(status))") }
        return curl.output
    }
}
