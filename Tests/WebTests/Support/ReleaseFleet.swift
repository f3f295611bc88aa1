import Core
import Foundation
import Storage

/// Real `capstan-agent` processes on this machine, each with its own state directory and its own
/// `--install-prefix`, so one application's releases land in a directory per host. The packages
/// `ReleaseFleet.archive` makes append a line to their host's ledger (`<prefix>/srv/deploys.log`)
/// each time their start command runs: the hosts' own record of what was deployed, and when.
final class ReleaseFleet {
    struct Host {
        let agent: AgentProcess
        let machineID: Int64
        let prefix: String
        var root: String { prefix + "/srv" }
    }

    /// Hosts in machine id order, which is the order release batches take them in.
    private(set) var hosts: [Host] = []

    /// Enrolls and starts `count` agents against `server` with `token`, under `directory`.
    static func start(_ count: Int, server: String, token: String, in directory: TemporaryDirectory) async throws -> ReleaseFleet {
        let fleet = ReleaseFleet()
        chmod(directory.path, 0o755)
        for index in 0..<count {
            let state = try directory.makeDirectory("host\(index)/state")
            let prefix = try directory.makeDirectory("host\(index)/prefix")
            _ = try directory.makeDirectory("host\(index)/prefix/srv")
            let agent = AgentProcess(state: state, server: server)
            try await agent.enroll(token: token)
            try agent.start(arguments: ["--install-prefix", prefix])
            fleet.hosts.append(Host(agent: agent, machineID: try agent.machineID(), prefix: prefix))
        }
        fleet.hosts.sort { $0.machineID < $1.machineID }
        return fleet
    }

    /// The application every fleet test releases: its start command runs the package's `start.sh`.
    static func application(runAs: String) -> ApplicationDraft {
        ApplicationDraft(name: "web", groupID: 0, runAs: runAs, installRoot: "/srv", startCommand: "sh ./start.sh")
    }

    /// A package whose `start.sh` writes `<version> <release id> <time>` to the host's ledger,
    /// takes `seconds`, and, when `failsWhenMarked`, fails on hosts `markFailing` marked.
    static func archive(version: String, seconds: Double = 0.3, failsWhenMarked: Bool = false) async throws -> [UInt8] {
        let check = failsWhenMarked ? #"if [ -e ../../../fail ]; then echo "failing on purpose" >&2; exit 3; fi"# : ""
        return try await PackagesAPITests.archive("""
            cat > start.sh <<'EOF'
            \(check)
            echo "$CAPSTAN_VERSION $(basename "$CAPSTAN_RELEASE_DIR") $(date +%s.%N)" >> ../../../deploys.log
            sleep \(seconds)
            EOF
            echo \(version) > VERSION && tar -czf out.tgz start.sh VERSION
            """)
    }

    func markFailing(_ index: Int) throws {
        try Data().write(to: URL(fileURLWithPath: hosts[index].root + "/fail"))
    }

    /// The ledger's lines for `release`: how many times its start command ran on host `index`.
    func runs(_ index: Int, release: Int64) -> Int {
        let text = (try? String(contentsOfFile: hosts[index].root + "/deploys.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.split(separator: " ").dropFirst().first == Substring(String(release)) }.count
    }

    /// Where host `index`'s `current` link points, like `releases/12`.
    func current(_ index: Int) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: hosts[index].root + "/web/current")
    }

    /// SIGTERM to every agent at once, then waits for each to exit.
    func stopAll() async {
        terminateAll()
        for host in hosts { await host.agent.stop() }
    }

    /// SIGTERM to every agent still running, without waiting: for `defer` when a test fails.
    func terminateAll() {
        for host in hosts where host.agent.run?.isRunning == true { host.agent.run?.terminate() }
    }

    var logs: String { hosts.map(\.agent.logs).joined(separator: "\n=== next host ===\n") }

    /// The largest number of `jobs` whose `[startedAt, finishedAt]` overlap.
    static func mostAtOnce(_ jobs: [Job]) -> Int {
        let events = jobs.flatMap { job -> [(Date, Int)] in
            guard let start = job.startedAt, let end = job.finishedAt else { return [] }
            return [(start, 1), (end, -1)]
        }.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var running = 0
        var most = 0
        for (_, change) in events {
            running += change
            most = max(most, running)
        }
        return most
    }
}
