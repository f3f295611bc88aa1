import Foundation

/// One job for one agent, as delivered by `GET /agent/v1/jobs`: everything the agent needs to run
/// it without asking again, fixed when the job was created.
///
/// A job id is the agent's idempotency key: once the agent has finished job N it never runs N again,
/// whatever the server sends; it re-sends the stored result instead.
public struct AgentJob: Sendable, Codable, Equatable, Identifiable {
    /// What a job does on the host.
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// Download, verify, unpack into `releases/<targetRelease>`, stop, switch, start, health check.
        case deploy
        /// Switch `current` to the kept `releases/<targetRelease>`, restart, health check; no download.
        case rollback
    }

    public var id: Int64
    public var releaseID: Int64
    public var action: Action
    public var application: Target
    public var environment: String
    public var version: String
    /// The release directory this job activates: `<installRoot>/<application>/releases/<targetRelease>`.
    /// For a deploy it is `releaseID`; for a rollback, the release being returned to.
    public var targetRelease: Int64
    /// The artifact to download; nil for a rollback.
    public var package: PackageRef?
    /// Seconds each step (stop, start, a health-check try…) may run before its process group is killed.
    public var stepTimeout: Int

    public init(id: Int64, releaseID: Int64, action: Action, application: Target, environment: String, version: String,
                targetRelease: Int64, package: PackageRef?, stepTimeout: Int = 300) {
        self.id = id
        self.releaseID = releaseID
        self.action = action
        self.application = application
        self.environment = environment
        self.version = version
        self.targetRelease = targetRelease
        self.package = package
        self.stepTimeout = stepTimeout
    }

    /// The application as the host needs it: a snapshot of `Application` taken when the job was made.
    public struct Target: Sendable, Codable, Equatable {
        public var name: String
        public var runAs: String
        public var installRoot: String
        public var startCommand: String
        public var stopCommand: String
        public var healthCheck: HealthCheck?
        public var keepReleases: Int

        public init(name: String, runAs: String, installRoot: String, startCommand: String = "", stopCommand: String = "",
                    healthCheck: HealthCheck? = nil, keepReleases: Int = 5) {
            self.name = name
            self.runAs = runAs
            self.installRoot = installRoot
            self.startCommand = startCommand
            self.stopCommand = stopCommand
            self.healthCheck = healthCheck
            self.keepReleases = keepReleases
        }

        public init(_ application: Application) {
            self.init(name: application.name, runAs: application.runAs, installRoot: application.installRoot,
                      startCommand: application.startCommand, stopCommand: application.stopCommand,
                      healthCheck: application.healthCheck, keepReleases: application.keepReleases)
        }
    }

    /// Where to download the package and what its bytes must hash to.
    public struct PackageRef: Sendable, Codable, Equatable {
        public var id: Int64
        public var sha256: String
        public var size: Int64

        public init(id: Int64, sha256: String, size: Int64) {
            self.id = id
            self.sha256 = sha256
            self.size = size
        }

        /// `/agent/v1/packages/<id>`, relative to the server's URL.
        public var downloadPath: String { "\(AgentWire.pathPrefix)/packages/\(id)" }
    }
}
