import ArgumentParser
import Web

/// `capstan audit`: checks on the audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit log.", subcommands: [VerifyAudit.self])
}

/// `capstan audit verify`: walks the hash chain; exits 1 naming the first row that does not hold.
struct VerifyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify the audit log's hash chain; exit 1 if any row was changed, removed or inserted.")

    @OptionGroup(title: "Database and logging") var storage: StorageOptions

    func run() async throws {
        let configuration = try resolveConfiguration(flags: storage.values)
        let result = try App.verifyAudit(configuration: configuration)
        guard let broken = result.broken else {
            print("audit chain intact (\(result.rows) rows)")
            return
        }
        print("audit chain broken at row \(broken.id): \(broken)")
        throw ExitCode(1)
    }
}
