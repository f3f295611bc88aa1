import Foundation
import Testing
@testable import AgentRuntime

struct JobLogTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    @Test("output past the cap is dropped after one line saying so")
    func capsOutput() throws {
        let log = try JobLog(path: "\(scratch.path)/1.log", cap: 200)
        for index in 0..<50 { log.append(Array("line \(index)\n".utf8)) }
        let text = try #require(scratch.read("1.log"))
        #expect(text.hasPrefix("line 0\nline 1\n"))
        #expect(text.hasSuffix("\n[capstan-agent: output capped at 200 bytes; further output dropped]\n"))
        #expect(text.components(separatedBy: "output capped").count == 2)
        #expect(log.size == Int64(text.utf8.count))
        #expect(log.size <= 200)
        log.append(Array("more\n".utf8))
        #expect(scratch.read("1.log") == text)
    }

    @Test("the default cap is described in MiB")
    func capLine() {
        #expect(JobLog.cappedLine(10 << 20) == "[capstan-agent: output capped at 10 MiB; further output dropped]\n")
    }

    @Test("a UTF-8 sequence split across chunks is written whole; invalid bytes become U+FFFD")
    func utf8Boundaries() throws {
        let log = try JobLog(path: "\(scratch.path)/2.log")
        let euro = Array("€".utf8)
        log.append([UInt8(ascii: "a")] + euro.prefix(1))
        log.append(euro.dropFirst())
        log.append([0xFF, UInt8(ascii: "\n")])
        #expect(scratch.read("2.log") == "a€\u{FFFD}\n")
    }

    @Test("chunks read back end on a character boundary")
    func readsOnBoundaries() throws {
        let log = try JobLog(path: "\(scratch.path)/3.log")
        log.append(Array("ab€cd".utf8))
        #expect(JobLog.read(path: log.path, from: 0, limit: 3) == "ab")
        #expect(JobLog.read(path: log.path, from: 2, limit: 3) == "€")
        #expect(JobLog.read(path: log.path, from: 5, limit: 100) == "cd")
    }
}
