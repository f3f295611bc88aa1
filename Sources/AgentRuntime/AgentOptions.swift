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

    public init(state: StateDirectory, grace: Duration = .seconds(30), diskPath: String = "/opt", logCap: Int64 = 10 << 20) {
        self.state = state
        self.grace = grace
        self.diskPath = diskPath
        self.logCap = logCap
    }
}
