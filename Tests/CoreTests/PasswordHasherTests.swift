import Testing
@testable import Core

struct PasswordHasherTests {
    // Low rounds keep the suite fast; `atDefaultRounds` covers the real setting.
    let fast = PasswordHasher(rounds: 1_000)

    @Test("verifies the right password and rejects a wrong one")
    func verify() {
        let encoded = fast.hash("correct horse battery")
        #expect(fast.verify("correct horse battery", against: encoded))
        #expect(!fast.verify("correct horse batterY", against: encoded))
        #expect(!fast.verify("", against: encoded))
    }

    @Test("encodes scheme, rounds, a 16-byte salt and a 32-byte hash; never the password")
    func encoding() throws {
        let encoded = fast.hash("correct horse battery")
        let parts = encoded.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "1000")
        let parsed = try #require(PasswordHasher.parse(encoded))
        #expect(parsed.salt.count == 16 && parsed.hash.count == 32)
        #expect(!encoded.contains("correct"))
    }

    @Test("salts differ, so equal passwords hash differently")
    func salted() {
        #expect(fast.hash("correct horse battery") != fast.hash("correct horse battery"))
    }

    @Test("a missing or malformed hash never verifies")
    func malformed() {
        for encoded in [nil, "", "plain", "pbkdf2-sha256$x$y$z", "md5$1$AA$AA"] {
            #expect(!fast.verify("anything at all", against: encoded))
        }
    }

    @Test("needs a rehash when the rounds change")
    func rehash() {
        let encoded = fast.hash("correct horse battery")
        #expect(!fast.needsRehash(encoded))
        #expect(PasswordHasher(rounds: 2_000).needsRehash(encoded))
        #expect(PasswordHasher(rounds: 2_000).verify("correct horse battery", against: encoded))
        #expect(fast.needsRehash("garbage"))
    }

    @Test("the default is at least 210,000 rounds, and works")
    func atDefaultRounds() {
        let hasher = PasswordHasher()
        #expect(hasher.rounds >= 210_000)
        let encoded = hasher.hash("correct horse battery")
        #expect(encoded.hasPrefix("pbkdf2-sha256$210000$"))
        #expect(hasher.verify("correct horse battery", against: encoded))
    }

    @Test("generated passwords are long enough and differ")
    func generatedPasswords() throws {
        let password = PasswordHasher.makePassword()
        try Validation.password(password)
        #expect(password != PasswordHasher.makePassword())
    }
}
