import Glibc

/// CPU time this process has used so far (user plus system, all threads), from getrusage.
enum ProcessCPU {
    static func nanosecondsUsed() -> Int64 {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func nanoseconds(_ time: timeval) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_usec) * 1000 }
        return nanoseconds(usage.ru_utime) + nanoseconds(usage.ru_stime)
    }
}

extension ProcessCPU {
    /// CPU seconds another process has used (user plus system), from fields 14 and 15 of
    /// /proc/<pid>/stat; 0 when it cannot be read.
    static func secondsUsed(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name (which may hold spaces), starting from field 3.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
