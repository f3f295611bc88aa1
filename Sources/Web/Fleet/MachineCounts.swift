/// The totals above a machine list: every machine the filters match, split into online and offline
/// (by `Liveness.offlineAfter`), so a page of 50 rows still tells how big the selection is.
struct MachineCounts: Sendable, Equatable {
    let total: Int
    let online: Int
    var offline: Int { total - online }
}
