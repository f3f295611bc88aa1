import Testing
@testable import Web

struct PackageRetentionSettingTests {
    @Test("--keep-packages defaults to 10 and reads its flag and CAPSTAN_KEEP_PACKAGES")
    func reads() throws {
        #expect(try Configuration.resolve(flags: [:], environment: [:]).keepPackages == 10)
        #expect(try Configuration.resolve(flags: [:], environment: ["CAPSTAN_KEEP_PACKAGES": "25"]).keepPackages == 25)
        #expect(try Configuration.resolve(flags: [.keepPackages: "1"], environment: [:]).keepPackages == 1)
        #expect(try Configuration.resolve(flags: [.keepPackages: "10000"], environment: [:]).keepPackages == 10000)
    }

    @Test("--keep-packages outside 1–10000 is refused", arguments: ["0", "10001", "-3", "ten", "1.5"])
    func refuses(_ text: String) {
        #expect(throws: (any Error).self) { try Configuration.resolve(flags: [.keepPackages: text], environment: [:]) }
    }
}
