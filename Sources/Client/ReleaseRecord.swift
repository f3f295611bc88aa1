import Core

/// A release as the server describes it: in create and action answers, `GET /api/v1/releases/{id}`
/// and release lists.
///
/// `hosts` and `undo` are only in single-release answers (lists carry no counts); dates stay the
/// RFC 3339 strings the server sends, since the client only shows them.
public struct ReleaseRecord: Sendable, Decodable, Equatable {
    public var id: String
    public var application: String
    public var version: String
    public var environment: String
    public var state: Release.State
    public var finished: Bool
    public var message: String?
    public var batchCount: Int
    public var currentBatch: Int
    /// The current job of every target host, by state.
    public var hosts: ReleaseHostCounts?
    /// The hosts an automatic rollback returns, by state; nil when there is none.
    public var undo: ReleaseHostCounts?
    public var requestedBy: String
    public var approvedBy: String?
    /// The release this one undoes, for a rollback release.
    public var rollbackOf: String?
    public var createdAt: String

    public init(id: String, application: String, version: String, environment: String, state: Release.State,
                message: String? = nil, batchCount: Int = 1, currentBatch: Int = 0, hosts: ReleaseHostCounts? = nil,
                undo: ReleaseHostCounts? = nil, requestedBy: String = "", approvedBy: String? = nil,
                rollbackOf: String? = nil, createdAt: String = "") {
        self.id = id
        self.application = application
        self.version = version
        self.environment = environment
        self.state = state
        self.finished = state.isFinished
        self.message = message
        self.batchCount = batchCount
        self.currentBatch = currentBatch
        self.hosts = hosts
        self.undo = undo
        self.requestedBy = requestedBy
        self.approvedBy = approvedBy
        self.rollbackOf = rollbackOf
        self.createdAt = createdAt
    }

    /// `release 12: web 1.4.2 → production, running`, and `: <message>` when the server gave one.
    public var summary: String {
        let line = "release \(id): \(application) \(version) → \(environment), \(state.rawValue)"
        return message.map { "\(line): \($0)" } ?? line
    }

    /// `running  batch 2/4  succeeded 3/10  failed 0  unreachable 0`, what `--wait` prints whenever
    /// it changes; `failed` counts every host that failed, was interrupted or refused the job.
    public var progress: String {
        var parts = [state.rawValue, "batch \(min(currentBatch + 1, batchCount))/\(batchCount)"]
        if let hosts {
            parts += ["succeeded \(hosts[.succeeded])/\(hosts.total)", "failed \(hosts.failed)",
                      "unreachable \(hosts[.unreachable])"]
        }
        if let undo { parts.append("returned \(undo[.succeeded])/\(undo.total)") }
        if let message, !finished { parts.append(message) }
        return parts.joined(separator: "  ")
    }

    /// What `capstan releases show` prints: the summary, the progress, who asked and approved, what it undoes.
    public var details: [String] {
        var lines = [summary, progress]
        var people = "requested by \(requestedBy) at \(TextTable.formatDate(createdAt))"
        if let approvedBy { people += ", approved by \(approvedBy)" }
        lines.append(people)
        if let rollbackOf { lines.append("rollback of release \(rollbackOf)") }
        return lines
    }
}

/// How many hosts of a release stand in each job state: `{"total":10,"pending":2,"succeeded":8,…}`.
public struct ReleaseHostCounts: Sendable, Decodable, Equatable {
    public var total: Int
    public var byState: [Job.State: Int]

    public init(_ byState: [Job.State: Int]) {
        self.byState = byState
        total = byState.values.reduce(0, +)
    }

    public init(from decoder: any Decoder) throws {
        let fields = try decoder.singleValueContainer().decode([String: Int].self)
        byState = Dictionary(uniqueKeysWithValues: fields.compactMap { key, count in Job.State(rawValue: key).map { ($0, count) } })
        total = fields["total"] ?? byState.values.reduce(0, +)
    }

    public subscript(state: Job.State) -> Int { byState[state] ?? 0 }

    /// Failed, interrupted or refused: did not end up deployed for a reason of its own (not unreachable).
    public var failed: Int { self[.failed] + self[.interrupted] + self[.refused] }
}

/// One page of `GET /api/v1/releases`, newest first.
public typealias ReleasePage = Page<ReleaseRecord>
