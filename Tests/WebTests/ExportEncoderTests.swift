import Core
import Foundation
import Testing
@testable import Web

struct ExportEncoderTests {
    @Test("CSV fields with a comma, a quote, CR or LF are quoted with quotes doubled; others are left alone", arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""), ("", ""), ("naïve ✓", "naïve ✓"),
    ])
    func csvField(_ text: String, _ expected: String) {
        #expect(ExportEncoder.csvField(text) == expected)
    }

    @Test("text starting with = + - @ a tab, CR or ' gets one leading '", arguments: [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("'x", "''x"),
        ("x=1", "x=1"), ("", ""), (" =1", " =1"),
    ])
    func formulaGuard(_ text: String, _ expected: String) {
        #expect(ExportEncoder.guardingFormula(text) == expected)
    }

    @Test("a CSV record: guarded and quoted text, plain numbers and ids, empty absent values, CRLF")
    func csvRecord() {
        let encoder = ExportEncoder(format: .csv, columns: ["a", "b", "c", "d", "e", "f"])
        var bytes: [UInt8] = []
        encoder.append([.text("=x,y"), .id(-5), .number(nil), .time(nil), .json(["k": "v,w"]), .bool(true)], index: 0, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "\"'=x,y\",-5,,,\"{\"\"k\"\":\"\"v,w\"\"}\",true\r\n")
        #expect(encoder.prelude == [0xEF, 0xBB, 0xBF] + Array("a,b,c,d,e,f\r\n".utf8))
    }

    @Test("JSON records keep the column order, ids as strings, absent values null, and separate with commas")
    func jsonRecords() throws {
        let encoder = ExportEncoder(format: .json, columns: ["id", "note", "n", "at"])
        var bytes = encoder.prelude
        encoder.append([.id(1), .text("a \"b\"\n"), .number(3), .time(Date(timeIntervalSince1970: 0))], index: 0, to: &bytes)
        encoder.append([.id(nil), .text(nil), .number(nil), .time(nil)], index: 1, to: &bytes)
        bytes += encoder.epilogue(count: 2)
        #expect(String(decoding: bytes, as: UTF8.self)
                == "[\n{\"id\":\"1\",\"note\":\"a \\\"b\\\"\\n\",\"n\":3,\"at\":\"1970-01-01T00:00:00Z\"},\n{\"id\":null,\"note\":null,\"n\":null,\"at\":null}\n]\n")
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [Any])
    }

    @Test("the export's time text is RFC3339.string's, second for second")
    func timeText() {
        var generator = SystemRandomNumberGenerator()
        let samples = [0, -1, 951_782_400_000, 4_102_444_799_999, 1_709_164_800_500] + (0..<2000).map { _ in Int64.random(in: -2_000_000_000_000...5_000_000_000_000, using: &generator) }
        for milliseconds in samples {
            let date = Date(millisecondsSince1970: milliseconds)
            #expect(ExportTime.string(date) == RFC3339.string(date), "\(milliseconds)")
        }
    }

    @Test("YYYY-MM-DD is a real calendar day at midnight UTC", arguments: [
        ("2026-01-31", 1_769_817_600.0), ("2024-02-29", 1_709_164_800.0), ("2026-02-29", nil), ("2026-1-31", nil), ("20260131", nil),
    ] as [(String, Double?)])
    func day(_ text: String, _ expected: Double?) {
        #expect(ExportParameters.day(text)?.timeIntervalSince1970 == expected)
    }
}
