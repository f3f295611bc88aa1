/// What an agent reports about its machine with every heartbeat (and at enrollment).
///
/// Sizes are bytes, `uptime` seconds since boot, `load` the 1, 5 and 15 minute load averages. The
/// disk figures are for the file system holding the agent's install root. The server keeps the
/// latest facts as the machine's `facts` JSON and copies `os`, `arch` and `agentVersion` into columns.
public struct AgentFacts: Sendable, Codable, Equatable {
    public var hostname: String
    public var addresses: [String]
    /// The distribution's pretty name, e.g. "Debian GNU/Linux 12 (bookworm)".
    public var os: String
    public var osVersion: String
    public var kernel: String
    /// `uname -m`, e.g. "x86_64".
    public var arch: String
    public var cpuCount: Int
    public var load: [Double]
    public var memoryTotal: Int64
    public var memoryAvailable: Int64
    public var diskPath: String
    public var diskTotal: Int64
    public var diskFree: Int64
    public var agentVersion: String
    public var uptime: Double

    public init(hostname: String, addresses: [String] = [], os: String = "", osVersion: String = "", kernel: String = "",
                arch: String = "", cpuCount: Int = 0, load: [Double] = [], memoryTotal: Int64 = 0, memoryAvailable: Int64 = 0,
                diskPath: String = "/", diskTotal: Int64 = 0, diskFree: Int64 = 0, agentVersion: String = capstanVersion,
                uptime: Double = 0) {
        self.hostname = hostname
        self.addresses = addresses
        self.os = os
        self.osVersion = osVersion
        self.kernel = kernel
        self.arch = arch
        self.cpuCount = cpuCount
        self.load = load
        self.memoryTotal = memoryTotal
        self.memoryAvailable = memoryAvailable
        self.diskPath = diskPath
        self.diskTotal = diskTotal
        self.diskFree = diskFree
        self.agentVersion = agentVersion
        self.uptime = uptime
    }

    /// Throws `AppError(.invalid)` for facts the server cannot store: an empty or oversized hostname,
    /// or more than 64 addresses.
    public func validate() throws(AppError) {
        guard !hostname.isEmpty, hostname.utf8.count <= 253 else {
            throw AppError(.invalid, "facts.hostname must be 1 to 253 characters", field: "facts.hostname")
        }
        guard addresses.count <= 64, addresses.allSatisfy({ $0.utf8.count <= 64 }) else {
            throw AppError(.invalid, "facts.addresses must be at most 64 addresses", field: "facts.addresses")
        }
        guard agentVersion.utf8.count <= 64 else {
            throw AppError(.invalid, "facts.agentVersion must be at most 64 characters", field: "facts.agentVersion")
        }
    }
}
