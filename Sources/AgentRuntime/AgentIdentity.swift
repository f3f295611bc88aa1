import Core

/// What an agent reports about itself before it has enrolled: the build it runs.
public struct AgentIdentity: Sendable, Codable, Equatable {
    public var version: String

    public init(version: String = capstanVersion) {
        self.version = version
    }
}
