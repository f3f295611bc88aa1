import Foundation
import Testing
@testable import AgentRuntime

struct ReleaseLayoutTests {
    let scratch: Scratch
    let layout: ReleaseLayout

    init() throws {
        scratch = try Scratch()
        layout = ReleaseLayout(installRoot: scratch.path, application: "shop")
        try FileManager.default.createDirectory(atPath: layout.releases, withIntermediateDirectories: true)
    }

    private func makeRelease(_ id: Int64) throws {
        try FileManager.default.createDirectory(atPath: layout.release(id), withIntermediateDirectories: true)
    }

    @Test("switching points current at the release with a relative link and remembers the previous one")
    func switchesAtomically() throws {
        try makeRelease(1)
        try makeRelease(2)
        try layout.activate(1)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: layout.current) == "releases/1")
        #expect(layout.previousRelease == nil)
        try layout.activate(2)
        #expect(layout.currentRelease == 2)
        #expect(layout.previousRelease == 1)
        try layout.activate(2)
        #expect(layout.previousRelease == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: layout.root).filter { $0.hasPrefix("current.tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("cleanup keeps the newest releases and never the current or previous one")
    func cleanupKeepsCurrentAndPrevious() throws {
        for id in [1, 2, 3, 4, 5, 10] as [Int64] { try makeRelease(id) }
        try layout.activate(2)
        try layout.activate(1)
        try FileManager.default.createDirectory(atPath: "\(layout.releases)/11.tmp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: layout.downloads, withIntermediateDirectories: true)
        _ = try scratch.file("shop/.downloads/abc.part", "x")
        layout.cleanUp(keep: 2)
        #expect(layout.keptReleases == [1, 2, 5, 10])
        #expect(!FileManager.default.fileExists(atPath: "\(layout.releases)/11.tmp"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: layout.downloads).isEmpty)
    }
}
