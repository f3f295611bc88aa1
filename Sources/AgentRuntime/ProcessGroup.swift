import Foundation
import Glibc

/// A command's process group (its own session, so its id is the shell's pid), killed as a whole on
/// timeout or cancellation: SIGTERM, then SIGKILL for whatever is still alive after the grace period.
struct ProcessGroup: Sendable {
    let id: pid_t

    func signal(_ signal: Int32) {
        _ = kill(-id, signal)
    }

    /// Whether any member is still running. Zombies do not count: an orphan whose new parent never
    /// reaps it (PID 1 in many containers) is dead all the same.
    var hasLiveMembers: Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after "(comm)": state, ppid, pgrp, …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[2] == "\(id)", fields[0] != "Z", fields[0] != "X" { return true }
        }
        return false
    }

    /// SIGTERM now; SIGKILL once `grace` has passed and a member is still alive. Returns when the
    /// group is gone or SIGKILL was sent.
    func terminate(grace: Duration, clock: ContinuousClock = ContinuousClock()) async {
        signal(SIGTERM)
        let deadline = clock.now.advanced(by: grace)
        while clock.now < deadline {
            if !hasLiveMembers { return }
            // Polling /proc is the only portable way to watch a group whose members are not our children.
            try? await Task.sleep(for: .milliseconds(50))
        }
        signal(SIGKILL)
    }
}
