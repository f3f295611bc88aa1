import Foundation

/// The peers whose `X-Forwarded-For` and `X-Forwarded-Proto` Capstan believes: the reverse proxies
/// in front of it (`--trusted-proxies`, `CAPSTAN_TRUSTED_PROXIES`).
///
/// Empty by default: a Capstan reachable directly must not let any client choose the address the
/// audit log records or the throttle counts, nor claim TLS. The compose file sets it to the
/// ranges its nginx container can have. Text form: comma-separated addresses or CIDR ranges.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    let ranges: [IPRange]

    /// No proxy is trusted; every peer is the client.
    public static let none = TrustedProxies(ranges: [])

    init(ranges: [IPRange]) {
        self.ranges = ranges
    }

    /// Parses `10.0.0.0/8, 127.0.0.1, ::1`; nil when an entry is not an address or range.
    public init?(_ text: String) {
        var ranges: [IPRange] = []
        for entry in text.split(separator: ",") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let range = IPRange(trimmed) else { return nil }
            ranges.append(range)
        }
        self.ranges = ranges
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether `address` (text, as a socket or a proxy reports it) falls in a trusted range.
    public func contains(_ address: some StringProtocol) -> Bool {
        guard !ranges.isEmpty, let bytes = IPRange.bytes(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    public var description: String {
        ranges.isEmpty ? "none" : ranges.map(\.description).joined(separator: ",")
    }
}
