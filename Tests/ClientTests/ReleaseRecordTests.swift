import Core
import Foundation
import Testing
@testable import Client

struct ReleaseRecordTests {
    static let answer = #"""
        {"id":"12","application":"web","applicationID":"3","version":"1.4.2","environment":"production","state":"running",
         "finished":false,"message":null,"batchCount":4,"currentBatch":1,"requestedBy":"ci","approvedBy":"alice",
         "rollbackOf":null,"createdAt":"2026-11-22T05:51:23.120Z","strategy":{"batchSize":"25%"},
         "hosts":{"total":10,"pending":5,"queued":0,"delivered":0,"running":1,"succeeded":3,"failed":1,"interrupted":0,
                  "refused":0,"cancelled":0,"unreachable":0},
         "batches":[{"batch":0,"total":3}],"undo":null}
        """#

    @Test("decodes a release answer, ignoring what the CLI does not show")
    func decodes() throws {
        let release = try JSONDecoder().decode(ReleaseRecord.self, from: Data(Self.answer.utf8))
        #expect(release.id == "12" && release.state == .running && !release.finished)
        #expect(release.hosts?.total == 10 && release.hosts?[.succeeded] == 3 && release.hosts?[.pending] == 5)
        #expect(release.undo == nil && release.approvedBy == "alice" && release.rollbackOf == nil)
        #expect(release.summary == "release 12: web 1.4.2 → production, running")
        #expect(release.progress == "running  batch 2/4  succeeded 3/10  failed 1  unreachable 0")
        #expect(release.details == [release.summary, release.progress, "requested by ci at 2026-11-22 05:51:23, approved by alice"])
    }

    @Test("progress counts interrupted and refused hosts as failed, shows a pause's message and an undo's returns")
    func progressLine() {
        var release = ReleaseRecord(id: "7", application: "web", version: "2.0.0", environment: "staging", state: .paused,
                                    message: "paused after batch 1 of 2 until resumed", batchCount: 2,
                                    hosts: ReleaseHostCounts([.succeeded: 2, .interrupted: 1, .refused: 1, .unreachable: 1, .pending: 5]))
        #expect(release.progress == "paused  batch 1/2  succeeded 2/10  failed 2  unreachable 1  paused after batch 1 of 2 until resumed")
        release.state = .rolledBack
        release.finished = true
        release.message = "1 host failed; 2 hosts returned to their previous release"
        release.undo = ReleaseHostCounts([.succeeded: 2])
        #expect(release.progress == "rolledBack  batch 1/2  succeeded 2/10  failed 2  unreachable 1  returned 2/2")
        #expect(release.summary == "release 7: web 2.0.0 → staging, rolledBack: 1 host failed; 2 hosts returned to their previous release")
    }

    @Test func tableListsNewestFirstAsGiven() {
        let releases = [
            ReleaseRecord(id: "12", application: "web", version: "1.4.2", environment: "production", state: .running,
                          requestedBy: "ci", createdAt: "2026-11-22T05:51:23Z"),
            ReleaseRecord(id: "9", application: "web", version: "1.4.1", environment: "staging", state: .failed,
                          message: "failure limit of 0 passed: 1 host failed", requestedBy: "alice", createdAt: "2026-11-21T00:00:00Z"),
        ]
        #expect(ReleaseTable.render(releases) == """
            ID  APP  VERSION  ENV         STATE    BY     CREATED              MESSAGE
            12  web  1.4.2    production  running  ci     2026-11-22 05:51:23
            9   web  1.4.1    staging     failed   alice  2026-11-21 00:00:00  failure limit of 0 passed: 1 host failed
            """)
    }

    @Test("every outcome has its own exit status, none of them 1, 3 or 64")
    func exitStatuses() {
        let codes = Release.State.allCases.map { ReleaseOutcome($0).exitCode }
        #expect(codes == [13, 14, 14, 14, 14, 0, 10, 12, 11])
        #expect(Set([10, 11, 12, 13, 14]).isDisjoint(with: [1, 3, 64]))
    }
}
