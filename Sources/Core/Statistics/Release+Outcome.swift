extension Release {
    /// How a deploy release turned out, for statistics: exactly one per release, so the outcomes of
    /// the releases started in a period add up to the releases started.
    ///
    /// A release is `rolledBack` when the engine rolled it back (`State.rolledBack`) or when an
    /// operator later made a rollback release of it (`isUndone`), whatever state it had reached;
    /// a release still under way (approval, running, paused, stopping, rolling back) is `inProgress`.
    public enum Outcome: String, Sendable, CaseIterable {
        case succeeded, failed, rolledBack, aborted, inProgress

        public init(state: Release.State, isUndone: Bool) {
            guard state.isFinished else { self = .inProgress; return }
            if isUndone || state == .rolledBack { self = .rolledBack; return }
            switch state {
            case .succeeded: self = .succeeded
            case .aborted: self = .aborted
            default: self = .failed
            }
        }

        public var isFinished: Bool { self != .inProgress }

        /// A change that hurt the environment (the DORA change failure): it failed or had to be
        /// rolled back. An abort is an operator's choice, neither a success nor a failed change.
        public var isFailedChange: Bool { self == .failed || self == .rolledBack }
    }
}
