import Core

extension ReleaseStrategy {
    /// The strategy in one line, as the application page and the deploy form describe it:
    /// `batches of 25%, 10 hosts at once, failure limit 0, no pause, …`.
    var summary: String {
        let batches = batchSizes.count == 1 ? "batches of \(batchSizes[0])" : "growing batches \(batchSizes.map(\.description).joined(separator: ", "))"
        var parts = [batches, "\(maxParallel) \(maxParallel == 1 ? "host" : "hosts") at once", "failure limit \(failureLimit)"]
        if byDatacenter { parts.append("one datacenter at a time") }
        let until = bake.map { "resuming on its own after \(Self.durationText($0))" } ?? "until resumed"
        switch pause {
        case .none: parts.append("no pause")
        case .afterFirst: parts.append("pause after the first batch \(until)")
        case .afterEach: parts.append("pause after each batch \(until)")
        }
        parts.append(autoRollback ? "automatic rollback past the limit" : "no automatic rollback")
        parts.append("host timeout \(Self.durationText(hostTimeout))")
        return parts.joined(separator: ", ")
    }

    /// `45 s`, `30 min`, `1 h 30 min`, `2 d 1 h`: a number of seconds as people read it.
    static func durationText(_ seconds: Int) -> String {
        let (days, hours, minutes, rest) = (seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60)
        let parts = [(days, "d"), (hours, "h"), (minutes, "min"), (rest, "s")].filter { $0.0 > 0 }.prefix(2)
        return parts.isEmpty ? "0 s" : parts.map { "\($0.0) \($0.1)" }.joined(separator: " ")
    }
}
