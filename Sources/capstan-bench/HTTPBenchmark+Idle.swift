import Foundation

extension HTTPBenchmark {
    /// Holds `idleConnections` keep-alive connections open to the target, samples its memory, and
    /// runs wrk again beside them.
    func measureWithIdleConnections(
        _ target: Target, _ wrk: Wrk, into report: inout BenchReport
    ) async throws {
        let count = settings.idleConnections
        let pid = target.process?.pid
        if let pid, let limit = FileLimit.softLimit(of: pid) {
            let verdict = limit < count + settings.load.connections ? "too few for this run" : "enough"
            report.notes.append("\(target.name) may open \(limit) files: \(verdict).")
        }
        let before = pid.flatMap(ProcessMemory.of)
        logger.info("opening \(count) idle keep-alive connections to \(target.endpoint)")
        var idle = try IdleConnections.open(count: count, to: target.endpoint, headers: headers)
        defer { idle.closeAll() }
        let held = pid.flatMap(ProcessMemory.of)
        logger.info("\(settings.load) --latency \(target.endpoint) with \(count) idle connections held")
        let result = try await wrk.run(settings.load, against: target.endpoint, label: "idle")
        let after = pid.flatMap(ProcessMemory.of)

        report.runs.append(.init(target: "\(target.name) + \(count) idle", result: result))
        report.memory += [
            ("before idle connections", before), ("\(count) idle connections open", held),
            ("after the run beside them", after),
        ].compactMap { moment, memory in memory.map { .init(moment: moment, memory: $0) } }
        if let before, let held {
            let bytes = Double(held.residentKiB - before.residentKiB) * 1024 / Double(count)
            report.notes.append(String(format: "Resident memory per idle connection: %.0f bytes.", bytes))
        }
        report.notes.append("\(idle.openCount()) of \(count) idle connections were still open after the run.")
    }
}
