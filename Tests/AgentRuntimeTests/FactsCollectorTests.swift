import Core
import Testing
@testable import AgentRuntime

struct FactsCollectorTests {
    @Test("reads this machine's hostname, CPUs, memory, disk and kernel")
    func readsFacts() throws {
        let facts = FactsCollector.collect(diskPath: "/tmp/does/not/exist/yet")
        #expect(!facts.hostname.isEmpty)
        #expect(facts.cpuCount > 0)
        #expect(facts.memoryTotal > 0)
        #expect(facts.memoryAvailable > 0 && facts.memoryAvailable <= facts.memoryTotal)
        #expect(facts.diskPath == "/tmp")
        #expect(facts.diskTotal > 0 && facts.diskFree <= facts.diskTotal)
        #expect(facts.load.count == 3)
        #expect(!facts.kernel.isEmpty && !facts.arch.isEmpty)
        #expect(facts.uptime > 0)
        #expect(facts.agentVersion == capstanVersion)
        try facts.validate()
    }

    @Test("parses os-release values with and without quotes")
    func osRelease() throws {
        let scratch = try Scratch()
        let path = try scratch.file("os-release", "# comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID='12'\nID=debian\n")
        let values = FactsCollector.osRelease(path)
        #expect(values["PRETTY_NAME"] == "Debian GNU/Linux 12 (bookworm)")
        #expect(values["VERSION_ID"] == "12")
        #expect(values["ID"] == "debian")
    }
}
