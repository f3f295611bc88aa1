import Foundation

/// Something a release did that webhooks hear about, worked out from the release before and after
/// a saved change, so every path that changes a release (operators, the engine) reports the same way.
public struct ReleaseEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case created, approved, started, batchFinished, succeeded, failed, aborted, rolledBack

        /// The event's name on the wire: `release.batchFinished`.
        public var type: String { "release.\(rawValue)" }
    }

    public var kind: Kind
    /// For `batchFinished`: the batch (0-based, as `currentBatch` in the API).
    public var batch: Int?

    public init(_ kind: Kind, batch: Int? = nil) {
        self.kind = kind
        self.batch = batch
    }

    /// The events of a change from `old` (nil: just created) to `new`, in the order they happened.
    public static func changes(from old: Release?, to new: Release) -> [ReleaseEvent] {
        guard let old else { return [ReleaseEvent(.created)] + (new.state == .running ? [ReleaseEvent(.started)] : []) }
        var events: [ReleaseEvent] = []
        if old.approvedBy == nil, new.approvedBy != nil { events.append(ReleaseEvent(.approved)) }
        if new.state == .running, old.state == .awaitingApproval || old.isFinished { events.append(ReleaseEvent(.started)) }
        if new.currentBatch > old.currentBatch {
            events += (old.currentBatch..<new.currentBatch).map { ReleaseEvent(.batchFinished, batch: $0) }
        }
        guard !old.isFinished, new.isFinished else { return events }
        switch new.state {
        case .succeeded: events += [ReleaseEvent(.batchFinished, batch: new.currentBatch), ReleaseEvent(.succeeded)]
        case .failed: events.append(ReleaseEvent(.failed))
        case .aborted: events.append(ReleaseEvent(.aborted))
        case .rolledBack: events.append(ReleaseEvent(.rolledBack))
        case .awaitingApproval, .running, .paused, .stopping, .rollingBack: break
        }
        return events
    }

    /// The JSON body a webhook receives, in `JSONValue.canonicalText` form (keys sorted, compact).
    public func body(id: String, release: Release, at date: Date) -> String {
        var payload: [String: JSONValue] = [
            "id": .string(id), "type": .string(kind.type), "occurredAt": .string(Self.timestamp(date)),
            "release": [
                "id": .string(String(release.id)), "application": .string(release.applicationName),
                "groupID": .string(String(release.groupID)), "version": .string(release.version),
                "environment": .string(release.environmentName), "state": .string(release.state.rawValue),
                "batchCount": .int(Int64(release.batchCount)), "currentBatch": .int(Int64(release.currentBatch)),
                "message": release.message.map(JSONValue.string) ?? .null, "requestedBy": .string(release.requestedByLogin),
                "approvedBy": release.approvedByLogin.map(JSONValue.string) ?? .null,
                "rollbackOf": release.rollbackOf.map { .string(String($0)) } ?? .null,
                "createdAt": .string(Self.timestamp(release.createdAt)),
                "finishedAt": release.finishedAt.map { .string(Self.timestamp($0)) } ?? .null,
            ],
        ]
        if let batch { payload["batch"] = .int(Int64(batch)) }
        return JSONValue.object(payload).canonicalText
    }

    /// RFC 3339 in UTC, whole seconds, as the API writes times.
    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
