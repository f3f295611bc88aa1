import Core
import Foundation
import Synchronization

/// Keeps a job's `StepRecord`s as the steps start and end, and hands each change to `emit` (which
/// sends it to the server as an event).
final class StepRecorder: Sendable {
    private let records = Mutex<[StepRecord]>([])
    private let emit: @Sendable (StepRecord) -> Void

    init(emit: @escaping @Sendable (StepRecord) -> Void) {
        self.emit = emit
    }

    var steps: [StepRecord] { records.withLock { $0 } }

    /// Runs one step; `body` returns the exit status of the command it ran (if any) and a note.
    func run(_ step: JobStep, _ body: () async throws(StepFailure) -> (exitStatus: Int32?, message: String?)) async throws(StepFailure) {
        let started = StepRecord(step: step, startedAt: Date())
        let index = records.withLock { $0.append(started); return $0.count - 1 }
        emit(started)
        do {
            let (exitStatus, message) = try await body()
            finish(index, outcome: .succeeded, exitStatus: exitStatus, message: message)
        } catch {
            finish(index, outcome: error.outcome, exitStatus: error.exitStatus, message: error.message)
            throw error
        }
    }

    /// Records a step that had nothing to do, e.g. no stop command.
    func skip(_ step: JobStep, _ message: String) {
        let now = Date()
        let record = StepRecord(step: step, startedAt: now, finishedAt: now, outcome: .succeeded, message: message)
        records.withLock { $0.append(record) }
        emit(record)
    }

    private func finish(_ index: Int, outcome: JobOutcome, exitStatus: Int32?, message: String?) {
        let record = records.withLock { records in
            records[index].finishedAt = Date()
            records[index].outcome = outcome
            records[index].exitStatus = exitStatus
            records[index].message = message
            return records[index]
        }
        emit(record)
    }
}
