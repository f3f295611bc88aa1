import Foundation

/// `POST /agent/v1/enroll`: an enrollment token traded for the agent's own identity.
public struct EnrollRequest: Sendable, Codable, Equatable {
    /// The enrollment token's text (`cen_…`), shown once when it was created.
    public var token: String
    public var facts: AgentFacts

    public init(token: String, facts: AgentFacts) {
        self.token = token
        self.facts = facts
    }
}

/// The answer to an enrollment: who the agent now is. `token` is the agent's bearer token for every
/// later call; the server keeps only its hash, so the agent stores it (mode 0600) and never logs it.
public struct EnrollResponse: Sendable, Codable, Equatable {
    public var agentID: Int64
    public var machineID: Int64
    public var token: String
    /// Whether enrollment adopted a machine added by hand (same hostname or address) rather than adding one.
    public var matchedExisting: Bool
    public var settings: AgentSettings

    public init(agentID: Int64, machineID: Int64, token: String, matchedExisting: Bool, settings: AgentSettings) {
        self.agentID = agentID
        self.machineID = machineID
        self.token = token
        self.matchedExisting = matchedExisting
        self.settings = settings
    }
}

/// What the server wants of every agent, sent back on enrollment and on each heartbeat, so an
/// operator changes the cadence in one place.
public struct AgentSettings: Sendable, Codable, Equatable {
    /// Seconds between heartbeats.
    public var heartbeatInterval: Double
    /// Seconds a job poll may be parked (the agent asks for at most this).
    public var pollWait: Int

    public init(heartbeatInterval: Double = 10, pollWait: Int = 30) {
        self.heartbeatInterval = heartbeatInterval
        self.pollWait = pollWait
    }
}

/// `POST /agent/v1/heartbeat`: the agent is alive, here is the machine now, and the results of
/// finished jobs the server has not yet acknowledged.
public struct HeartbeatRequest: Sendable, Codable, Equatable {
    public var facts: AgentFacts
    /// The agent process's session (see `AgentSession`).
    public var session: String
    public var results: [JobResult]
    /// Things that happened while the server could not be reached, oldest first, e.g. "server
    /// unreachable from … to …: connection refused (12 attempts)". Recorded in the machine's history.
    public var notes: [AgentNote]

    public init(facts: AgentFacts, session: String, results: [JobResult] = [], notes: [AgentNote] = []) {
        self.facts = facts
        self.session = session
        self.results = results
        self.notes = notes
    }
}

/// Something the agent wants recorded in its machine's history.
public struct AgentNote: Sendable, Codable, Equatable {
    public var at: Date
    public var message: String

    public init(at: Date, message: String) {
        self.at = at
        self.message = message
    }
}

/// The answer to a heartbeat: which results are now durable on the server (the agent may stop
/// re-sending them), and the current settings.
public struct HeartbeatResponse: Sendable, Codable, Equatable {
    public var acknowledged: [Int64]
    public var settings: AgentSettings
    public var serverTime: Date

    public init(acknowledged: [Int64], settings: AgentSettings, serverTime: Date) {
        self.acknowledged = acknowledged
        self.settings = settings
        self.serverTime = serverTime
    }
}

/// The answer to `GET /agent/v1/jobs?wait=N` when jobs are waiting (otherwise 204 No Content).
public struct JobsResponse: Sendable, Codable, Equatable {
    public var jobs: [AgentJob]

    public init(jobs: [AgentJob]) {
        self.jobs = jobs
    }
}
