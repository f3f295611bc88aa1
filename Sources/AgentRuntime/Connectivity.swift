import Core
import Foundation
import Logging

/// Whether the server is reachable, as the heartbeat and poll loops find out: logs each change once,
/// and when the server is back keeps a note for the next heartbeat, e.g. "server unreachable from
/// 2026-12-02T10:00:00.000Z to 2026-12-02T10:03:12.500Z (14 failed attempts): HTTP 503".
actor Connectivity {
    private let logger: Logger
    private var downSince: Date?
    private var failures = 0
    private var lastError = ""
    private var notes: [AgentNote] = []

    init(logger: Logger) {
        self.logger = logger
    }

    var isReachable: Bool { downSince == nil }

    func failed(_ error: AgentError, at date: Date = Date()) {
        if downSince == nil {
            downSince = date
            logger.warning("\(error); retrying with backoff (applications keep running)")
        }
        failures += 1
        lastError = "\(error)".replacingOccurrences(of: "server unreachable: ", with: "")
    }

    func succeeded(at date: Date = Date()) {
        guard let since = downSince else { return }
        let message = "server unreachable from \(AgentWire.format(since)) to \(AgentWire.format(date)) "
            + "(\(failures) failed attempt\(failures == 1 ? "" : "s")): \(lastError)"
        notes.append(AgentNote(at: date, message: String(message.prefix(1000))))
        logger.notice("server reachable again; \(message)")
        downSince = nil
        failures = 0
    }

    /// The notes for the next heartbeat; `restore` them if it fails.
    func takeNotes() -> [AgentNote] {
        defer { notes = [] }
        return notes
    }

    var hasNotes: Bool { !notes.isEmpty }

    func restore(_ taken: [AgentNote]) {
        notes = Array((taken + notes).suffix(100))
    }
}
