import Core
import Foundation
import Glibc

extension JobRun {
    /// Download, verify and unpack into `releases/<targetRelease>`, or reuse that directory when an
    /// earlier job already unpacked it (it only appears, by rename, once complete).
    func install() async throws(StepFailure) {
        let target = job.targetRelease
        if layout.hasRelease(target) {
            for step in [JobStep.download, .verify, .unpack] { steps.skip(step, "releases/\(target) is already unpacked; reused") }
            return
        }
        guard let package = job.package else { throw .refused("a deploy job without a package") }
        let file = "\(layout.downloads)/\(package.sha256.lowercased()).part"
        try await steps.run(.download) { () throws(StepFailure) in
            log.line("==> download package \(package.id) (\(package.size) bytes)")
            do throws(AgentError) { try await executor.fetch(package, file) } catch { throw StepFailure("download failed: \(error)") }
            return (nil, nil)
        }
        try await steps.run(.verify) { () throws(StepFailure) in
            try await PackageFile.verify(file, against: package)
            return (nil, "sha256 \(package.sha256.lowercased())")
        }
        try await steps.run(.unpack) { () throws(StepFailure) in
            let summary = try await PackageFile.inspect(file)
            try await unpack(file, into: target)
            unlink(file)
            layout.recordVersion(job.version, of: target)
            return (nil, "\(summary.entryCount) entries, \(summary.fileBytes) bytes")
        }
    }

    /// Extracts with `/bin/tar` into `releases/<id>.tmp` (file modes kept, owners not), hands the
    /// tree to the application's account when the agent is root, then renames it into place.
    private func unpack(_ file: String, into id: Int64) async throws(StepFailure) {
        let temporary = "\(layout.release(id)).tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        do throws(AgentError) { try AtomicFile.makeDirectory(temporary, mode: 0o755) } catch { throw StepFailure(error.description) }
        try await tool(["/bin/tar", "-xzf", file, "-C", temporary, "--no-same-owner"], "unpack")
        if agent.isRoot, account.uid != agent.uid {
            try await tool(["/bin/chown", "-R", "-h", "\(account.uid):\(account.gid)", temporary], "chown")
        }
        guard rename(temporary, layout.release(id)) == 0 else {
            throw StepFailure("cannot move \(temporary) into place: \(errnoText())")
        }
    }

    /// Runs one of the agent's own tools (as the agent, in the application's directory).
    private func tool(_ arguments: [String], _ what: String) async throws(StepFailure) {
        let script = arguments.map(Self.quote).joined(separator: " ")
        let command = Command(script: "exec \(script)", directory: layout.root, environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
                              account: nil, timeout: .seconds(job.stepTimeout))
        let outcome = try await executor.runner.run(command) { log.append($0) }
        log.flush()
        guard outcome.isSuccess else {
            throw StepFailure("\(what) failed: \(outcome.timedOut ? "timed out" : Self.describe(outcome.exitStatus))", exitStatus: outcome.exitStatus)
        }
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
