/// The agent's own files: `identity.json` (mode 0600: it holds the agent's token) and `jobs/`, one
/// `<id>.json` record and `<id>.log` per job the agent has run.
public struct StateDirectory: Sendable, Equatable {
    /// Used unless `--state` or `CAPSTAN_AGENT_STATE` says otherwise.
    public static let defaultPath = "/var/lib/capstan-agent"

    public let path: String

    public init(path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// `--state` if given, else `CAPSTAN_AGENT_STATE`, else `defaultPath`.
    public static func resolve(_ flag: String?, environment: [String: String]) -> StateDirectory {
        StateDirectory(path: flag ?? environment["CAPSTAN_AGENT_STATE"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath)
    }

    var identityPath: String { "\(path)/identity.json" }
    var jobsPath: String { "\(path)/jobs" }

    /// Creates the directory and `jobs/` (mode 0700) if they are missing.
    func prepare() throws(AgentError) {
        try AtomicFile.makeDirectory(path)
        try AtomicFile.makeDirectory(jobsPath)
    }
}
