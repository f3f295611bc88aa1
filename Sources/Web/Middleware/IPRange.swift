import Glibc

/// One IP address or CIDR range (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`), for matching peers.
///
/// Addresses compare as bytes, so `::1` and `0:0::1` are the same, and an IPv4-mapped IPv6 address
/// (`::ffff:10.0.0.2`, what a socket listening on `::` reports for an IPv4 peer) counts as its IPv4
/// address. A lone address is a range of one (`/32` or `/128`).
struct IPRange: Sendable, Equatable, CustomStringConvertible {
    /// 4 or 16 bytes, the bits past `prefixLength` cleared.
    let network: [UInt8]
    let prefixLength: Int

    /// Parses `address` or `address/prefix`; nil when it is neither.
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(parts[0]) else { return nil }
        let bits = bytes.count * 8
        guard let length = parts.count == 2 ? Int(parts[1]) : bits, (0...bits).contains(length),
              parts.count == 1 || parts[1].allSatisfy(\.isNumber) else { return nil }
        prefixLength = length
        network = Self.masked(bytes, prefixLength: length)
    }

    func contains(_ address: [UInt8]) -> Bool {
        address.count == network.count && Self.masked(address, prefixLength: prefixLength) == network
    }

    var description: String {
        let text = Self.text(network)
        return prefixLength == network.count * 8 ? text : "\(text)/\(prefixLength)"
    }

    /// The address's bytes: 4 for IPv4 (also when IPv4-mapped), 16 for IPv6; nil when it is not one.
    static func bytes(_ text: some StringProtocol) -> [UInt8]? {
        // inet_pton is the reference parser for both families; Foundation has none.
        let text = String(text)
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let isMapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        return isMapped ? Array(bytes[12...]) : bytes
    }

    private static func masked(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(max(prefixLength - index * 8, 0), 8)
            return kept == 8 ? byte : byte & ~(UInt8(0xFF) >> kept)
        }
    }

    private static func text(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = bytes.withUnsafeBytes { inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
