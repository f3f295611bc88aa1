import Foundation

/// Which package versions of one application may be deleted: all but the `keepCount` newest and
/// those deployed anywhere in the last `deployedWindow` (or by a release still running).
///
/// Pure: the caller reads the versions and the recently deployed ids (releases created since
/// `deployedSince(now:)`, or unfinished) and deletes what `expired` returns. Deleting is the
/// caller's business, and it must still skip a version any release row references.
public struct PackageRetention: Sendable, Equatable {
    /// `--keep-packages` when not set.
    public static let defaultKeepCount = 10
    /// What `--keep-packages` accepts.
    public static let keepCountRange = 1...10_000
    /// A version deployed within this long is kept however old it is.
    public static let deployedWindow: TimeInterval = 30 * 24 * 60 * 60

    /// One stored version, as much of it as the rule needs.
    public struct Version: Sendable, Equatable {
        public var id: Int64
        public var createdAt: Date

        public init(id: Int64, createdAt: Date) {
            self.id = id
            self.createdAt = createdAt
        }
    }

    public let keepCount: Int

    public init(keepCount: Int = PackageRetention.defaultKeepCount) {
        precondition(Self.keepCountRange.contains(keepCount), "keepCount outside \(Self.keepCountRange)")
        self.keepCount = keepCount
    }

    /// Releases created at or after this instant count as recent deployments.
    public static func deployedSince(now: Date) -> Date {
        now.addingTimeInterval(-deployedWindow)
    }

    /// The ids to delete, newest first. `versions` are one application's; their order does not matter
    /// (newest is the latest `createdAt`, ties broken by the higher id, as ids grow with uploads).
    public func expired(_ versions: [Version], deployed: Set<Int64>) -> [Int64] {
        versions
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            .dropFirst(keepCount)
            .map(\.id)
            .filter { !deployed.contains($0) }
    }
}
