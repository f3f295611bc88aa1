import Engine
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
        #expect(await first)
        #expect(await second)
        #expect(await other == false, "machine 2 was not woken; its wait ran out")
        #expect(hub.parkedCount == 0)
    }

    @Test("a wait ends at its deadline, and the ticker stops once nothing is parked")
    func deadline() async {
        let hub = AgentHub(tick: .milliseconds(5))
        #expect(await hub.wait(machineID: 1, timeout: .milliseconds(20)) == false)
        #expect(hub.parkedCount == 0)
        #expect(await hub.wait(machineID: 1, timeout: .milliseconds(20)) == false, "a later wait starts the ticker again")
    }

    @Test("cancelling the waiting task ends its wait; closing the hub ends all and every later one")
    func cancelAndClose() async {
        let hub = AgentHub()
        let waiting = Task { await hub.wait(machineID: 7, timeout: .seconds(60)) }
        while hub.parkedCount == 0 { await Task.yield() }
        waiting.cancel()
        #expect(await waiting.value == false)
        #expect(hub.parkedCount == 0)
        async let parked = hub.wait(machineID: 8, timeout: .seconds(60))
        while hub.parkedCount == 0 { await Task.yield() }
        hub.close()
        #expect(await parked == false)
        #expect(await hub.wait(machineID: 9, timeout: .seconds(60)) == false)
    }
}
