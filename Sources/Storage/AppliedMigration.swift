import Foundation

/// A migration file recorded in the database as applied, and when.
public struct AppliedMigration: Sendable, Equatable {
    public var name: String
    public var appliedAt: Date

    public init(name: String, appliedAt: Date) {
        self.name = name
        self.appliedAt = appliedAt
    }
}
