import Core
import Foundation
import Testing

struct PackageRetentionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// `count` versions with ids 1…count, one a day, the highest id newest.
    private func versions(_ count: Int) -> [PackageRetention.Version] {
        (1...count).map { PackageRetention.Version(id: Int64($0), createdAt: now.addingTimeInterval(Double($0 - count) * 86_400)) }
    }

    @Test("keeps the N newest and deletes the rest, newest first")
    func keepsNewest() {
        let rule = PackageRetention(keepCount: 3)
        #expect(rule.expired(versions(6), deployed: []) == [3, 2, 1])
    }

    @Test("order of the input does not matter")
    func anyOrder() {
        let rule = PackageRetention(keepCount: 2)
        #expect(rule.expired(versions(4).shuffled(), deployed: []) == [2, 1])
    }

    @Test("fewer versions than N deletes nothing")
    func fewVersions() {
        #expect(PackageRetention().expired(versions(10), deployed: []).isEmpty)
        #expect(PackageRetention(keepCount: 1).expired([], deployed: []).isEmpty)
    }

    @Test("keeps older versions deployed recently or by an unfinished release")
    func keepsDeployed() {
        let rule = PackageRetention(keepCount: 2)
        // The caller puts both recent and unfinished releases' packages in `deployed`.
        #expect(rule.expired(versions(6), deployed: [1, 3]) == [4, 2])
    }

    @Test("the deployment window is 30 days before now, and the default keeps 10")
    func constants() {
        #expect(PackageRetention.deployedSince(now: now) == now.addingTimeInterval(-30 * 86_400))
        #expect(PackageRetention().keepCount == 10)
        #expect(PackageRetention.keepCountRange == 1...10_000)
    }
}
