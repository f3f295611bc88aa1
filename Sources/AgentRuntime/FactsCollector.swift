import Core
import Foundation
import Glibc

/// Reads the machine's facts from Linux: `gethostname`, `getifaddrs`, `/etc/os-release`, `uname`,
/// `/proc/loadavg`, `/proc/meminfo`, `/proc/uptime` and `statvfs` of the install root.
///
/// A fact that cannot be read is left at its zero value rather than failing the heartbeat.
public enum FactsCollector {
    /// `diskPath` is where applications are installed; the nearest existing ancestor is measured.
    public static func collect(diskPath: String = "/opt") -> AgentFacts {
        var facts = AgentFacts(hostname: hostname())
        facts.addresses = addresses()
        let release = osRelease()
        facts.os = release["PRETTY_NAME"] ?? release["NAME"] ?? "Linux"
        facts.osVersion = release["VERSION_ID"] ?? ""
        (facts.kernel, facts.arch) = unameFacts()
        facts.cpuCount = ProcessInfo.processInfo.activeProcessorCount
        facts.load = loadAverages()
        let memory = meminfo()
        facts.memoryTotal = memory["MemTotal"] ?? 0
        facts.memoryAvailable = memory["MemAvailable"] ?? memory["MemFree"] ?? 0
        (facts.diskPath, facts.diskTotal, facts.diskFree) = disk(diskPath)
        facts.uptime = firstNumbers(of: "/proc/uptime").first ?? 0
        facts.agentVersion = capstanVersion
        return facts
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// Non-loopback IPv4 and IPv6 addresses of interfaces that are up; loopback only if nothing else.
    static func addresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var found: [String] = [], loopback: [String] = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr, entry.pointee.ifa_flags & UInt32(IFF_UP) != 0 else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let text = String(decoding: host.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK) != 0 { loopback.append(text) } else { found.append(text) }
        }
        return Array(unique(found.isEmpty ? loopback : found).prefix(64))
    }

    static func osRelease(_ path: String = "/etc/os-release") -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = value.dropFirst().dropLast()
            }
            values[String(line[..<equals])] = String(value)
        }
        return values
    }

    static func unameFacts() -> (release: String, machine: String) {
        var names = utsname()
        guard uname(&names) == 0 else { return ("", "") }
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return (text(names.release), text(names.machine))
    }

    static func loadAverages() -> [Double] {
        Array(firstNumbers(of: "/proc/loadavg").prefix(3))
    }

    /// `/proc/meminfo` values in bytes (the file says kB, meaning KiB).
    static func meminfo() -> [String: Int64] {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return [:] }
        var values: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " })
            guard parts.count >= 2, let number = Int64(parts[1]) else { continue }
            values[String(parts[0])] = parts.count >= 3 && parts[2] == "kB" ? number * 1024 : number
        }
        return values
    }

    static func disk(_ path: String) -> (path: String, total: Int64, free: Int64) {
        var candidate = path.isEmpty ? "/" : path
        while !FileManager.default.fileExists(atPath: candidate), candidate != "/" {
            candidate = (candidate as NSString).deletingLastPathComponent
            if candidate.isEmpty { candidate = "/" }
        }
        var stats = statvfs()
        guard statvfs(candidate, &stats) == 0 else { return (candidate, 0, 0) }
        let block = Int64(stats.f_frsize)
        return (candidate, Int64(stats.f_blocks) * block, Int64(stats.f_bavail) * block)
    }

    private static func firstNumbers(of path: String) -> [Double] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
