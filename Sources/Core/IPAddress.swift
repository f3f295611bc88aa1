import Foundation

/// Textual IP address checks for `Validation.address`; the server stores addresses as text.
enum IPAddress {
    /// Dotted-quad IPv4: four decimal numbers 0–255 without leading zeros.
    static func isIPv4(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let number = Int(part) else {
                return false
            }
            return number <= 255 && (part.count == 1 || part.first != "0")
        }
    }

    /// RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, one `::` standing for one or more
    /// zero groups, and an optional IPv4 tail counting as two groups.
    static func isIPv6(_ text: String) -> Bool {
        guard text.utf8.count <= 45, text.contains(":") else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groupCount = 0
        for (halfIndex, half) in halves.enumerated() where !half.isEmpty {
            let groups = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, group) in groups.enumerated() {
                let isLast = halfIndex == halves.count - 1 && index == groups.count - 1
                if isLast && group.contains(".") {
                    guard isIPv4(group) else { return false }
                    groupCount += 2
                } else {
                    guard (1...4).contains(group.count), group.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return false }
                    groupCount += 1
                }
            }
        }
        return halves.count == 2 ? groupCount <= 7 : groupCount == 8
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
