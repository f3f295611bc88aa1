import Foundation

extension Date {
    /// Milliseconds since 1970 UTC: how every timestamp column is stored (see migrations/0001) and
    /// what the audit hash covers.
    ///
    /// Rounded to the nearest millisecond, so a `Date(millisecondsSince1970: n)` always gives back
    /// exactly `n` (truncating could give `n - 1` through floating-point error).
    public var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    /// The instant `milliseconds` after 1970-01-01 UTC.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
