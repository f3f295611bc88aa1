import Core
import Engine
import Synchronization
import Testing

/// `AgentHub`: parked waits end on a wake, at their deadline, on cancellation, and at close.
struct AgentHubTests {
    @Test("a wake resumes every wait of that machine and no other")
    func wake() async {
        let hub = AgentHub(tick: .milliseconds(10))
        async let first = hub.wait(machineID: 1, timeout: .seconds(60))
        async let second = hub.wait(machineID: 1, timeout: .seconds(60))
        async let other = hub.wait(machineID: 2, timeout: .milliseconds(50))
        while hub.parkedCount < 3 { await Task.yield() }
        hub.wake(machineID: 1)
        #expect(await first == .woken)
        #expect(await second == .woken)
        #expect(await other == .ended, "machine 2 was not woken; its wait ran out")
        #expect(hub.parkedCount == 0)
    }

    @Test("a wait ends at its deadline, and the ticker stops once nothing is parked")
    func deadline() async {
        let hub = AgentHub(tick: .milliseconds(5))
        #expect(await hub.wait(machineID: 1, timeout: .milliseconds(20)) == .ended)
        #expect(hub.parkedCount == 0)
        #expect(await hub.wait(machineID: 1, timeout: .milliseconds(20)) == .ended, "a later wait starts the ticker again")
    }

    @Test("cancelling the waiting task ends its wait; closing the hub ends all and every later one")
    func cancelAndClose() async {
        let hub = AgentHub()
        let waiting = Task { await hub.wait(machineID: 7, timeout: .seconds(60)) }
        while hub.parkedCount == 0 { await Task.yield() }
        waiting.cancel()
        #expect(await waiting.value == .ended)
        #expect(hub.parkedCount == 0)
        async let parked = hub.wait(machineID: 8, timeout: .seconds(60))
        while hub.parkedCount == 0 { await Task.yield() }
        hub.close()
        #expect(await parked == .ended)
        #expect(await hub.wait(machineID: 9, timeout: .seconds(60)) == .ended)
    }

    @Test("jobs handed to a session go to that session's poll only; a hand with no such poll parked says so")
    func hand() async {
        let hub = AgentHub(tick: .milliseconds(10))
        let job = AgentJob(id: 5, releaseID: 1, action: .rollback, application: AgentJob.Target(name: "web", runAs: "web", installRoot: "/srv"),
                           environment: "staging", version: "1.0", targetRelease: 1, package: nil)
        async let mine = hub.wait(machineID: 1, session: "a", timeout: .seconds(60))
        async let old = hub.wait(machineID: 1, session: "b", timeout: .milliseconds(50))
        while hub.parkedCount < 2 { await Task.yield() }
        #expect(hub.parkedSessions([1, 2]).keys.sorted() == [1])
        #expect(hub.hand([job], to: 1, session: "a"))
        #expect(await mine == .handed([job]))
        #expect(await old == .ended)
        #expect(!hub.hand([job], to: 1, session: "a"), "nothing parked any more")
    }
}

/// `AgentHub.park`: a poll parked without a task, woken, handed jobs, or woken at once when its
/// machine was woken a moment before it parked.
struct AgentHubParkTests {
    final class Wakes: Sendable {
        private let wakes = Mutex<[AgentHub.Wake]>([])
        func add(_ wake: AgentHub.Wake) { wakes.withLock { $0.append(wake) } }
        var all: [AgentHub.Wake] { wakes.withLock { $0 } }
    }

    @Test("a parked poll is woken, or woken at once when its machine was woken just before it parked")
    func parking() {
        let hub = AgentHub()
        let wakes = Wakes()
        hub.park(machineID: 1, timeout: .seconds(30)) { wakes.add($0) }
        #expect(hub.parkedCount == 1 && wakes.all.isEmpty)
        hub.wake(machineID: 1)
        #expect(wakes.all == [.woken] && hub.parkedCount == 0)
        // Machine 2 is woken while its poll is between its look in the store and parking.
        hub.wake(machineID: 2)
        hub.park(machineID: 2, timeout: .seconds(30)) { wakes.add($0) }
        #expect(wakes.all == [.woken, .woken] && hub.parkedCount == 0)
        // That wake is used up: the next poll parks.
        hub.park(machineID: 2, session: "s", timeout: .seconds(30)) { wakes.add($0) }
        #expect(hub.parkedCount == 1)
        #expect(hub.hand([], to: 2, session: "s"))
        #expect(wakes.all == [.woken, .woken, .handed([])])
        hub.close()
        hub.park(machineID: 3, timeout: .seconds(30)) { wakes.add($0) }
        #expect(wakes.all.last == .ended && hub.parkedCount == 0)
    }
}
