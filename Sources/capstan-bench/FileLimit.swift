import Foundation

/// RLIMIT_NOFILE: the bench needs one descriptor per idle connection, and so does the server.
enum FileLimit {
    /// Raises this process's soft limit to its hard limit and returns it. Children started afterwards
    /// inherit it, which is how capstan and nginx get enough descriptors too.
    @discardableResult
    static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        getrlimit(openFilesResource, &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(openFilesResource, &limit)
        getrlimit(openFilesResource, &limit)
        return Int(clamping: limit.rlim_cur)
    }

    /// The soft "Max open files" of another process, from /proc/<pid>/limits.
    static func softLimit(of pid: Int32) -> Int? {
        guard let limits = try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8),
            let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") })
        else { return nil }
        return line.split(separator: " ").dropFirst(3).first.flatMap { Int($0) }
    }
}

private let openFilesResource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
