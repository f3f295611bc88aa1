import Foundation
import Glibc
import Testing
@testable import AgentRuntime

struct AccountTests {
    @Test("the agent's own account needs no switch")
    func ownAccount() throws {
        let me = Account.current()
        #expect(try Account.resolve(runAs: me.name) == me)
        #expect(try Account.resolve(runAs: "") == me)
    }

    @Test("a non-root agent refuses other accounts")
    func nonRootRefuses() {
        let agent = Account(name: "deployer", uid: 1000, gid: 1000, groups: [], home: "/home/deployer")
        #expect(throws: StepFailure.refused("cannot run as www: the agent runs as deployer, not root")) {
            try Account.resolve(runAs: "www", agent: agent)
        }
    }

    // Switching accounts needs the agent to be root and a `nobody` account (uid 65534) to exist.
    @Test("a root agent runs the command as runAs, with its uid, gid and home",
          .enabled(if: geteuid() == 0 && Account.lookup("nobody")?.uid == 65534))
    func runsAsNobody() async throws {
        let scratch = try Scratch()
        let nobody = try Account.resolve(runAs: "nobody")
        let output = OutputCollector()
        let command = Command(script: "id -u; id -g; echo $HOME", directory: scratch.path,
                              environment: ["PATH": "/usr/bin:/bin", "HOME": nobody.home], account: nobody, timeout: .seconds(10))
        let outcome = try await CommandRunner().run(command) { output.append($0) }
        #expect(outcome.exitStatus == 0)
        #expect(output.text == "65534\n\(nobody.gid)\n\(nobody.home)\n")
    }
}
