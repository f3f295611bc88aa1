import ArgumentParser
import Core
import Web

/// `capstan admin`: account maintenance from the server's host, e.g. before the first start.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage accounts directly in the database.", subcommands: [CreateUser.self])
}

/// `capstan admin create-user --login L [--admin] [--auditor] [--name N]`, password on standard input.
struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a user; the password is read from the first line of standard input.")

    @Option(help: "The login: 1 to 64 of a-z, 0-9, '.', '_' and '-'.") var login: String
    @Option(help: "The display name.") var name = ""
    @Flag(help: "Make the user an administrator.") var admin = false
    @Flag(help: "Make the user an auditor (reads everything, changes nothing).") var auditor = false
    @Flag(help: "Read the password from standard input (the default; for scripts that say so).") var passwordStdin = false
    @OptionGroup(title: "Database and logging") var storage: StorageOptions

    func run() async throws {
        let configuration = try resolveConfiguration(flags: storage.values)
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("give the password on standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | capstan admin create-user …`")
        }
        let user = try App.createUser(configuration: configuration,
                                      UserDraft(login: login, name: name, isAdmin: admin, isAuditor: auditor), password: password)
        print("created user \(user.login) (id \(user.id))")
    }
}
