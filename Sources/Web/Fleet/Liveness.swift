import Foundation

/// When a machine counts as online: its agent reported within three heartbeat intervals, so one or
/// two lost heartbeats do not flap it offline.
enum Liveness {
    /// How often agents report (the agent protocol's default; heartbeats arrive in a later issue).
    static let heartbeatInterval: TimeInterval = 30
    static let offlineAfter: TimeInterval = 3 * heartbeatInterval
}
