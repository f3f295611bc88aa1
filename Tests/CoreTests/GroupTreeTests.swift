import Testing
import Core

struct GroupTreeTests {
    let tree = GroupTree([
        ProductGroup(id: 1, name: "a"), ProductGroup(id: 2, name: "b", parentID: 1),
        ProductGroup(id: 3, name: "c", parentID: 2), ProductGroup(id: 4, name: "d", parentID: 1),
        ProductGroup(id: 5, name: "e"),
    ])

    @Test("ancestors nearest first, descendants at any depth")
    func walks() {
        #expect(tree.ancestors(of: 3) == [2, 1])
        #expect(tree.ancestors(of: 5) == [])
        #expect(tree.descendants(of: 1) == [2, 3, 4])
        #expect(tree.expanding([2, 5]) == [2, 3, 5])
    }

    @Test("a group cannot move under itself or a descendant")
    func cycles() {
        #expect(tree.wouldCreateCycle(moving: 1, under: 3))
        #expect(tree.wouldCreateCycle(moving: 2, under: 2))
        #expect(!tree.wouldCreateCycle(moving: 3, under: 4))
        #expect(!tree.wouldCreateCycle(moving: 3, under: nil))
    }

    @Test("roles are ordered viewer < deployer < owner")
    func roleOrder() {
        #expect(Role.viewer < .deployer && Role.deployer < .owner)
        #expect([Role.owner, .viewer, .deployer].max() == .owner)
    }
}
