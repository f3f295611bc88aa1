import Foundation

extension Date {
    /// Whole milliseconds since 1970 UTC: how every timestamp column is stored (see migrations/0001).
    var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }

    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
