import Engine
import Synchronization
import Testing

/// `EventBus`: fan-out to every subscriber, and closing, which ends live streams at shutdown.
struct EventBusTests {
    @Test("every subscriber gets what is published after it subscribed")
    func fanOut() async {
        let bus = EventBus<Int>()
        let first = bus.subscribe(), second = bus.subscribe()
        bus.publish(1)
        bus.publish(2)
        bus.close()
        #expect(await Array(first) == [1, 2])
        #expect(await Array(second) == [1, 2])
    }

    @Test("closing ends every stream, and a stream subscribed after closing ends at once")
    func closing() async {
        let bus = EventBus<Int>()
        let early = bus.subscribe()
        bus.close()
        bus.publish(3)
        #expect(await Array(early).isEmpty)
        #expect(await Array(bus.subscribe()).isEmpty)
        #expect(bus.subscriberCount == 0)
    }
}

private extension Array {
    init(_ stream: AsyncStream<Element>) async {
        var items: [Element] = []
        for await item in stream { items.append(item) }
        self = items
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
