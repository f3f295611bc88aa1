import Testing
import Core

struct ValidationTests {
    /// The field an invalid value is reported under, or nil when it is accepted.
    func failingField(_ body: () throws(AppError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            #expect(error.code == .invalid)
            return error.field ?? "?"
        }
    }

    @Test("accepts good logins", arguments: ["alice", "a", "ci.bot-2_x", String(repeating: "a", count: 64)])
    func goodLogin(_ login: String) { #expect(failingField { () throws(AppError) in try Validation.login(login) } == nil) }

    @Test("rejects bad logins", arguments: ["", "Alice", "a b", "a@b", "é", String(repeating: "a", count: 65)])
    func badLogin(_ login: String) { #expect(failingField { () throws(AppError) in try Validation.login(login) } == "login") }

    @Test("display names: at most 128 characters, no control characters",
          arguments: [("Ada Lovelace", true), ("Zoë ✓", true), ("", true), ("a\nb", false), ("a\u{7}", false),
                      (String(repeating: "x", count: 129), false)])
    func displayName(_ name: String, _ valid: Bool) {
        #expect(failingField { () throws(AppError) in try Validation.displayName(name) } == (valid ? nil : "name"))
    }

    @Test("group and environment names",
          arguments: [("payments", true), ("Team A.1_b-c", true), ("9", true), (" lead", false), ("-x", false),
                      ("", false), ("a/b", false), ("ünï", false), (String(repeating: "n", count: 65), false)])
    func names(_ name: String, _ valid: Bool) {
        #expect(failingField { () throws(AppError) in try Validation.name(name) } == (valid ? nil : "name"))
    }

    @Test("hostnames follow RFC 1123",
          arguments: [("web-01", true), ("web-01.eu.example.com", true), ("1host", true),
                      ("-web", false), ("web-", false), ("a..b", false), ("", false), ("web_01", false),
                      (String(repeating: "a", count: 64), false),
                      (Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."), false)])
    func hostnames(_ hostname: String, _ valid: Bool) {
        #expect(failingField { () throws(AppError) in try Validation.hostname(hostname) } == (valid ? nil : "hostname"))
    }

    @Test("addresses are empty, IPv4 or IPv6",
          arguments: [("", true), ("10.0.0.1", true), ("255.255.255.255", true), ("::1", true), ("::", true),
                      ("fe80::1:2", true), ("2001:db8:0:0:0:0:2:1", true), ("::ffff:192.0.2.1", true),
                      ("256.1.1.1", false), ("01.1.1.1", false), ("1.2.3", false), ("web-01", false),
                      ("1::2::3", false), ("12345::", false), ("1:2:3:4:5:6:7:8:9", false), ("fe80::1%eth0", false),
                      ("[::1]", false), ("1:2:3:4:5:6:7", false)])
    func addresses(_ address: String, _ valid: Bool) {
        #expect(failingField { () throws(AppError) in try Validation.address(address) } == (valid ? nil : "address"))
    }

    @Test("datacenters", arguments: [("", true), ("eu-west-1", true), ("fra 1", false), (String(repeating: "d", count: 65), false)])
    func datacenters(_ datacenter: String, _ valid: Bool) {
        #expect(failingField { () throws(AppError) in try Validation.datacenter(datacenter) } == (valid ? nil : "datacenter"))
    }

    @Test("labels: keys, values and count")
    func labels() {
        #expect(failingField { () throws(AppError) in try Validation.labels(["role": "web", "k8s.io/zone": "a b"]) } == nil)
        #expect(failingField { () throws(AppError) in try Validation.labels(["Role": "web"]) } == "labels")
        #expect(failingField { () throws(AppError) in try Validation.labels(["_x": "web"]) } == "labels")
        #expect(failingField { () throws(AppError) in try Validation.labels(["role": "a\u{0}"]) } == "labels.role")
        #expect(failingField { () throws(AppError) in try Validation.labels(["role": String(repeating: "v", count: 129)]) } == "labels.role")
        let many = Dictionary(uniqueKeysWithValues: (0...64).map { ("k\($0)", "v") })
        #expect(failingField { () throws(AppError) in try Validation.labels(many) } == "labels")
    }

    @Test("passwords are 12 to 1024 characters",
          arguments: [(11, false), (12, true), (1024, true), (1025, false)])
    func passwords(_ length: Int, _ valid: Bool) {
        let password = String(repeating: "p", count: length)
        #expect(failingField { () throws(AppError) in try Validation.password(password) } == (valid ? nil : "password"))
    }

    @Test("a machine draft names its first bad field")
    func machineDraft() {
        var draft = MachineDraft(hostname: "web-01", address: "10.0.0.1", groupID: 1, environmentID: 1)
        #expect(failingField { () throws(AppError) in try draft.validate() } == nil)
        draft.address = "10.0.0.300"
        #expect(failingField { () throws(AppError) in try draft.validate() } == "address")
    }
}
