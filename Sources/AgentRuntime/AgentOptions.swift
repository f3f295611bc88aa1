/// How `capstan-agent run` runs: where its state lives, how long a running job may finish after
/// SIGTERM, and which path's file system the disk facts describe.
public struct AgentOptions: Sendable {
    public var state: StateDirectory
    /// How long the current step may run on after SIGTERM or SIGINT before its process group is killed.
    public var grace: Duration
    /// The install root whose file system `facts.diskTotal` and `diskFree` measure.
    public var diskPath: String
    /// The largest log kept per job.
    public var logCap: Int64
    /// A directory every application's install root is taken under (`/data` makes `/srv/web`
    /// `/data/srv/web`): for several agents on one machine, or an agent in a container writing to a
    /// mounted volume. Nil: install roots as the applications say.
    public var installPrefix: String?

    public init(state: StateDirectory, grace: Duration = .seconds(30), diskPath: String = "/opt", logCap: Int64 = 10 << 20,
                installPrefix: String? = nil) {
        self.state = state
        self.installPrefix = installPrefix
        self.grace = grace
        self.diskPath = diskPath
        self.logCap = logCap
    }
}
