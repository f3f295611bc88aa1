import Core
import Testing
@testable import Client

struct ReleaseStrategyTextTests {
    @Test("a strategy's JSON takes defaults for what it leaves out")
    func partial() throws {
        let strategy = try ReleaseStrategy(json: #"{"batchSize":[1,"50%","100%"],"pause":"afterFirst"}"#)
        #expect(strategy == ReleaseStrategy(batchSizes: [.count(1), .percent(50), .percent(100)], pause: .afterFirst))
    }

    @Test(arguments: [
        (#"{"batchSize":"#, "--strategy is not a strategy object: "),
        (#"[1,2]"#, "--strategy is not a strategy object: "),
        (#"{"pause":"sometimes"}"#, "--strategy is not a strategy object: pause: "),
        (#"{"batchsize":"25%"}"#, #"--strategy has no key "batchsize"; it takes autoRollback, bake, batchSize, byDatacenter, failureLimit, hostTimeout, maxParallel, pause"#),
        (#"{"hostTimeout":5}"#, "--strategy: strategy.hostTimeout must be 10 to 86400 seconds"),
    ])
    func refused(_ json: String, message: String) {
        #expect {
            try ReleaseStrategy(json: json)
        } throws: { error in
            guard let error = error as? ClientError, error.kind == .usage else { return false }
            return error.message.hasPrefix(message) && error.exitCode == 64
        }
    }
}
