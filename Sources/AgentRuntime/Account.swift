import Glibc

/// A local user account as a command runs under it: ids, supplementary groups and home.
struct Account: Sendable, Equatable {
    var name: String
    var uid: uid_t
    var gid: gid_t
    var groups: [gid_t]
    var home: String

    /// Looks `name` up in the user database (`getpwnam_r`, `getgrouplist`).
    static func lookup(_ name: String) -> Account? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return Account(entry: entry, name: name)
    }

    /// The account the agent runs as (its effective uid).
    static func current() -> Account {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let uid = geteuid()
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil else {
            return Account(name: "uid \(uid)", uid: uid, gid: getegid(), groups: [], home: "/")
        }
        return Account(entry: entry, name: String(cString: entry.pw_name))
    }

    private init(entry: passwd, name: String) {
        self.name = name
        uid = entry.pw_uid
        gid = entry.pw_gid
        home = entry.pw_dir.map { String(cString: $0) } ?? "/"
        var count: Int32 = 64
        var list = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, entry.pw_gid, &list, &count) < 0 {
            list = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(name, entry.pw_gid, &list, &count)
        }
        groups = Array(list.prefix(Int(max(0, count))))
    }

    init(name: String, uid: uid_t, gid: gid_t, groups: [gid_t], home: String) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.groups = groups
        self.home = home
    }

    var isRoot: Bool { uid == 0 }

    /// The account a job's commands run as, or why they cannot: a root agent switches to any
    /// account; any other agent only runs commands as itself.
    static func resolve(runAs: String, agent: Account = .current()) throws(StepFailure) -> Account {
        let name = runAs.isEmpty ? agent.name : runAs
        if name == agent.name { return agent }
        guard agent.isRoot else {
            throw .refused("cannot run as \(name): the agent runs as \(agent.name), not root")
        }
        guard let account = lookup(name) else { throw .refused("cannot run as \(name): no such account on this host") }
        return account
    }
}
