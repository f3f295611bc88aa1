/// The shape of one wrk run: `wrk -t<threads> -c<connections> -d<seconds>s`.
struct WrkLoad: Sendable, CustomStringConvertible {
    let threads: Int
    let connections: Int
    let seconds: Int

    var description: String { "wrk -t\(threads) -c\(connections) -d\(seconds)s" }

    func lasting(_ seconds: Int) -> WrkLoad {
        WrkLoad(threads: threads, connections: connections, seconds: seconds)
    }
}
