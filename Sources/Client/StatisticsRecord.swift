import Foundation

/// `GET /api/v1/stats` as `capstan stats` reads it: the period, the summary and the weekly
/// delivery metrics (the per-day series is left to `--json`).
public struct StatisticsRecord: Sendable, Decodable, Equatable {
    public struct Filter: Sendable, Decodable, Equatable {
        public var from: String
        public var to: String
    }

    public struct Durations: Sendable, Decodable, Equatable {
        public var p50: Double?
        public var p95: Double?
    }

    public struct Summary: Sendable, Decodable, Equatable {
        public var started, succeeded, failed, rolledBack, aborted, inProgress, hostsDeployed: Int
        public var successRate: Double?
        public var durationSeconds: Durations
        public var mostCommonFailingStep: String?
    }

    public struct Week: Sendable, Decodable, Equatable {
        public var start: String
        public var isComplete: Bool
        public var deployments: Int
        public var leadTimeSeconds: Double?
        public var changeFailureRate: Double?
        public var timeToRestoreSeconds: Double?
        public var unrestored: Int
    }

    public struct Trend: Sendable, Decodable, Equatable {
        public var direction: String
    }

    public struct Delivery: Sendable, Decodable, Equatable {
        public var environment: String?
        public var weeks: [Week]
        public var trend: [String: Trend]
    }

    public var filter: Filter
    public var summary: Summary
    public var delivery: Delivery
}
