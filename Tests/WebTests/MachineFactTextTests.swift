import Core
import Testing
@testable import Web

/// How the machine page shows an agent's facts.
struct MachineFactTextTests {
    @Test("sizes in binary units, uptime in days and hours, strings bare, the rest as JSON", arguments: [
        ("memoryTotal", JSONValue.int(25_276_071_936), "23.5 GiB"),
        ("diskFree", .int(1024), "1.0 KiB"),
        ("diskFree", .int(512), "512 bytes"),
        ("uptime", .double(7276.4), "2 h 1 min"),
        ("uptime", .double(200_000), "2 d 7 h"),
        ("uptime", .int(7200), "2 h 0 min"),
        ("os", .string("Debian GNU/Linux 12 (bookworm)"), "Debian GNU/Linux 12 (bookworm)"),
        ("cpuCount", .int(2), "2"),
        ("load", .array([.double(0.5), .double(1)]), "[0.5,1]"),
    ])
    func factText(key: String, value: JSONValue, expected: String) {
        #expect(MachinesPages.factText(key, value) == expected)
    }
}
