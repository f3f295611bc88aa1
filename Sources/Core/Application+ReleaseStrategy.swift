import Foundation

// `ReleaseStrategy` lives under the Application* name because an application's default strategy is
// its first user; the release engine will carry it on each release too.

/// How a release moves through a fleet: the batches, how many hosts at once, how many failures it
/// tolerates, where it pauses, and whether it rolls back on its own.
///
/// As JSON (every key optional; an omitted one takes the default shown):
/// `{"batchSize":"25%","maxParallel":10,"failureLimit":0,"pause":"none","autoRollback":true,`
/// `"byDatacenter":false,"bake":null,"hostTimeout":1800}`.
/// `batchSize` is a count (`5`), a percentage of the targets (`"25%"`), or growing steps
/// (`[1,"10%","50%","100%"]`, the last reaching `"100%"` so every host is covered);
/// `failureLimit` is a count or a percentage of the targets. `bake` (seconds) makes the pauses end on
/// their own after that long; without it a pause waits for an operator. `hostTimeout` (seconds) is
/// how long a host may take from being dispatched to reporting its result before it is unreachable.
public struct ReleaseStrategy: Sendable, Equatable, Codable {
    /// How many hosts: a count or a percentage of the release's targets; JSON `3` or `"10%"`.
    public enum Amount: Sendable, Equatable, Codable, CustomStringConvertible {
        case count(Int)
        case percent(Int)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let count = try? container.decode(Int.self) {
                self = .count(count)
            } else if let text = try? container.decode(String.self), let amount = Amount(text) {
                self = amount
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a count like 5 or a percentage like \"10%\"")
            }
        }

        /// `"5"` or `"10%"`, as typed in a form.
        public init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%"), let percent = Int(trimmed.dropLast()) {
                self = .percent(percent)
            } else if let count = Int(trimmed) {
                self = .count(count)
            } else {
                return nil
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .count(let count): try container.encode(count)
            case .percent: try container.encode(description)
            }
        }

        public var description: String {
            switch self {
            case .count(let count): String(count)
            case .percent(let percent): "\(percent)%"
            }
        }
    }

    /// Where a release stops for an operator to resume it.
    public enum Pause: String, Sendable, Equatable, Codable, CaseIterable {
        case none, afterFirst, afterEach
    }

    public static let maxSteps = 20

    /// One batch size for every batch (`[size]`), or growing steps (more than one).
    public var batchSizes: [Amount]
    public var maxParallel: Int
    public var failureLimit: Amount
    public var pause: Pause
    public var autoRollback: Bool
    /// Batches never mix datacenters; the release walks one datacenter after another.
    public var byDatacenter: Bool
    /// Seconds a pause lasts before the release resumes on its own; nil: until an operator resumes.
    public var bake: Int?
    /// Seconds from dispatch to result before a host counts as unreachable.
    public var hostTimeout: Int

    public init(batchSizes: [Amount] = [.percent(25)], maxParallel: Int = 10, failureLimit: Amount = .count(0),
                pause: Pause = .none, autoRollback: Bool = true, byDatacenter: Bool = false, bake: Int? = nil,
                hostTimeout: Int = 1800) {
        self.batchSizes = batchSizes
        self.maxParallel = maxParallel
        self.failureLimit = failureLimit
        self.pause = pause
        self.autoRollback = autoRollback
        self.byDatacenter = byDatacenter
        self.bake = bake
        self.hostTimeout = hostTimeout
    }

    /// Throws `AppError(.invalid)` naming the bad field under `field` (e.g. `defaultStrategy.maxParallel`).
    public func validate(field: String) throws(AppError) {
        let batchField = "\(field).batchSize"
        try check((1...Self.maxSteps).contains(batchSizes.count), batchField, "must have 1 to \(Self.maxSteps) steps")
        for size in batchSizes {
            switch size {
            case .count(let count): try check((1...100_000).contains(count), batchField, "counts must be 1 to 100000")
            case .percent(let percent): try check((1...100).contains(percent), batchField, "percentages must be 1% to 100%")
            }
        }
        if batchSizes.count > 1 {
            try check(batchSizes.last == .percent(100), batchField, "steps must end at \"100%\" so every host is reached")
        }
        try check((1...10_000).contains(maxParallel), "\(field).maxParallel", "must be 1 to 10000")
        switch failureLimit {
        case .count(let count): try check((0...100_000).contains(count), "\(field).failureLimit", "must be 0 to 100000")
        case .percent(let percent): try check((0...100).contains(percent), "\(field).failureLimit", "must be 0% to 100%")
        }
        if let bake { try check((1...604_800).contains(bake), "\(field).bake", "must be 1 to 604800 seconds") }
        try check((10...86_400).contains(hostTimeout), "\(field).hostTimeout", "must be 10 to 86400 seconds")
    }

    private func check(_ condition: Bool, _ field: String, _ message: String) throws(AppError) {
        try ApplicationValidation.require(condition, field, message)
    }

    // MARK: - JSON

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case batchSize, maxParallel, failureLimit, pause, autoRollback, byDatacenter, bake, hostTimeout
    }

    /// Any key of a JSON object, to find the ones a strategy does not have.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The keys a strategy's JSON may have.
    public static let keys: [String] = CodingKeys.allCases.map(\.rawValue).sorted()

    /// Refuses a key that is not a strategy's: a misspelt `batchsize` would otherwise be ignored
    /// and the default used in its place, for a release to production.
    public init(from decoder: any Decoder) throws {
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where CodingKeys(rawValue: key.stringValue) == nil {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [key], debugDescription: "not a strategy key; a strategy takes \(Self.keys.joined(separator: ", "))"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ReleaseStrategy()
        if let steps = try? container.decodeIfPresent([Amount].self, forKey: .batchSize) {
            batchSizes = steps
        } else {
            batchSizes = try container.decodeIfPresent(Amount.self, forKey: .batchSize).map { [$0] } ?? defaults.batchSizes
        }
        maxParallel = try container.decodeIfPresent(Int.self, forKey: .maxParallel) ?? defaults.maxParallel
        failureLimit = try container.decodeIfPresent(Amount.self, forKey: .failureLimit) ?? defaults.failureLimit
        pause = try container.decodeIfPresent(Pause.self, forKey: .pause) ?? defaults.pause
        autoRollback = try container.decodeIfPresent(Bool.self, forKey: .autoRollback) ?? defaults.autoRollback
        byDatacenter = try container.decodeIfPresent(Bool.self, forKey: .byDatacenter) ?? defaults.byDatacenter
        bake = try container.decodeIfPresent(Int.self, forKey: .bake)
        hostTimeout = try container.decodeIfPresent(Int.self, forKey: .hostTimeout) ?? defaults.hostTimeout
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if batchSizes.count == 1 {
            try container.encode(batchSizes[0], forKey: .batchSize)
        } else {
            try container.encode(batchSizes, forKey: .batchSize)
        }
        try container.encode(maxParallel, forKey: .maxParallel)
        try container.encode(failureLimit, forKey: .failureLimit)
        try container.encode(pause, forKey: .pause)
        try container.encode(autoRollback, forKey: .autoRollback)
        try container.encode(byDatacenter, forKey: .byDatacenter)
        try container.encode(bake, forKey: .bake)
        try container.encode(hostTimeout, forKey: .hostTimeout)
    }
}
