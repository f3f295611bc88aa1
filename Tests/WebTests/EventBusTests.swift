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

    @Test("an observer sees every event before publish returns, however many come at once")
    func observer() {
        let bus = EventBus<Int>(bufferSize: 4)
        let seen = Mutex<[Int]>([])
        bus.observe { event in seen.withLock { $0.append(event) } }
        for event in 1...1_000 {
            bus.publish(event)
            #expect(seen.withLock { $0.last } == event)
        }
        #expect(seen.withLock { $0 } == Array(1...1_000), "none dropped, unlike a full stream")
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
