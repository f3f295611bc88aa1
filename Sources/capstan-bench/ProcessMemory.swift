import Foundation

/// A process's resident memory now (VmRSS) and at its peak (VmHWM), from /proc/<pid>/status.
struct ProcessMemory: Sendable {
    let residentKiB: Int
    let peakResidentKiB: Int

    static func of(pid: Int32) -> ProcessMemory? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            return nil
        }
        func kibibytes(_ field: String) -> Int? {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
            return line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
                .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        guard let rss = kibibytes("VmRSS"), let hwm = kibibytes("VmHWM") else { return nil }
        return ProcessMemory(residentKiB: rss, peakResidentKiB: hwm)
    }
}
