import Foundation
import Testing
import Core

struct AuditEntryTests {
    let entry = AuditEntry(
        at: Date(millisecondsSince1970: 1_700_000_000_123), actor: "alice", action: "machine.create",
        targetType: "machine", targetID: "42",
        detail: ["ok": true, "hostname": "web-01", "labels": ["role": "web"], "count": 3, "note": "a \"quoted\" line\\n"],
        remoteAddress: "10.0.0.1")

    @Test("the canonical form has a fixed field order, the millisecond time and sorted detail keys")
    func canonicalText() {
        #expect(entry.canonicalText(previousHash: AuditEntry.genesisHash) == #"""
            ["0000000000000000000000000000000000000000000000000000000000000000",1700000000123,"alice","machine.create","machine","42",{"count":3,"hostname":"web-01","labels":{"role":"web"},"note":"a \"quoted\" line\\n","ok":true},"10.0.0.1"]
            """#)
    }

    @Test("a fixed entry has a fixed, known hash")
    func knownHash() {
        // sha256sum of the canonical text above, computed outside Swift.
        #expect(entry.chainHash(previousHash: AuditEntry.genesisHash) == "0492c9d30c31b68d989bca1929b4ce2d2cbb975015206de742fb9b07022a04c7")
    }

    @Test("the hash covers the previous hash and every field")
    func coversEverything() {
        let base = entry.chainHash(previousHash: AuditEntry.genesisHash)
        #expect(entry.chainHash(previousHash: String(repeating: "1", count: 64)) != base)
        var changed = entry
        changed.detail["count"] = 4
        #expect(changed.chainHash(previousHash: AuditEntry.genesisHash) != base)
        changed = entry
        changed.at = changed.at.addingTimeInterval(0.001)
        #expect(changed.chainHash(previousHash: AuditEntry.genesisHash) != base)
        changed = entry
        changed.remoteAddress = nil
        #expect(changed.canonicalText(previousHash: "x").hasSuffix("null]"))
    }

    @Test("JSON has one kind of number: a whole double renders and compares as its integer, any other as itself")
    func numbers() throws {
        #expect(JSONValue.array([.double(1.0), .double(-0.0), .double(1e18), .double(0.5), .double(1e300), .double(.nan)]).canonicalText
                    == "[1,0,1000000000000000000,0.5,1e+300,null]")
        #expect(JSONValue.double(2.0) == .int(2) && JSONValue.int(2) == .double(2.0) && JSONValue.double(2.5) != .int(2))
        #expect(Set<JSONValue>([.double(2.0), .int(2)]).count == 1, "equal values hash alike")
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(JSONValue.object(["n": .double(3.0)]).canonicalText.utf8))
        #expect(decoded.canonicalText == #"{"n":3}"#)
    }

    @Test("timestamps survive the millisecond round trip exactly")
    func millisecondsRoundTrip() {
        for milliseconds: Int64 in [0, 1, 999, 1_700_000_000_123, 1_799_999_999_999, 4_102_444_800_001] {
            #expect(Date(millisecondsSince1970: milliseconds).millisecondsSince1970 == milliseconds)
        }
    }
}
