import Core
import Foundation
import Logging
import Testing
@testable import AgentRuntime

struct ConnectivityTests {
    @Test("an outage that ends leaves one note with its span, attempts and last error")
    func outageNote() async {
        let connectivity = Connectivity(logger: Logger(label: "test"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        await connectivity.failed(.unreachable("HTTP 502"), at: start)
        await connectivity.failed(.unreachable("connection refused"), at: start + 1)
        await connectivity.failed(.unreachable("HTTP 503"), at: start + 2)
        #expect(await connectivity.isReachable == false)
        await connectivity.succeeded(at: start + 3.5)
        let notes = await connectivity.takeNotes()
        #expect(notes == [AgentNote(at: start + 3.5, message:
            "server unreachable from 2027-01-15T08:00:00.000Z to 2027-01-15T08:00:03.500Z (3 failed attempts): HTTP 503")])
        #expect(await connectivity.takeNotes().isEmpty)
        await connectivity.restore(notes)
        #expect(await connectivity.takeNotes() == notes)
    }
}
