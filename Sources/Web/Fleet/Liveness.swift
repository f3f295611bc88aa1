import Core
import Foundation

/// When a machine counts as online: its agent reported within `offlineAfter` (by default three
/// heartbeat intervals, so one or two lost heartbeats do not flap it offline). Every "online" in
/// the API, the pages and the list filters is worked out from `lastSeenAt` with this threshold;
/// the liveness sweep records the changes in each machine's history.
struct Liveness: Sendable {
    var heartbeatInterval: TimeInterval
    var offlineAfter: TimeInterval

    init(heartbeatInterval: TimeInterval = 10, offlineAfter: TimeInterval = 30) {
        self.heartbeatInterval = heartbeatInterval
        self.offlineAfter = offlineAfter
    }

    init(_ configuration: Configuration) {
        self.init(heartbeatInterval: configuration.heartbeatInterval.seconds, offlineAfter: configuration.offlineAfter.seconds)
    }
}
