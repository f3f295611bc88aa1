/// One 512-byte tar header block (POSIX ustar, GNU or old v7), read field by field.
///
/// Only the fields inspection needs are read. The name is assembled from `prefix` and `name` only for
/// POSIX ustar headers: GNU headers keep access times where POSIX keeps the prefix.
struct ArchiveHeader {
    static let blockSize = 512

    var name: String
    var linkName: String
    var typeFlag: UInt8
    var size: UInt64

    /// Reads `block` (exactly 512 bytes), checking the header checksum first.
    init(_ block: ArraySlice<UInt8>) throws(ArchiveError) {
        precondition(block.count == Self.blockSize)
        let bytes = Array(block)
        let isPOSIX = bytes[257..<263].elementsEqual(Array("ustar\0".utf8))
        let baseName = Self.string(bytes[0..<100])
        let prefix = isPOSIX ? Self.string(bytes[345..<500]) : ""
        name = prefix.isEmpty ? baseName : prefix + "/" + baseName
        guard Self.hasValidChecksum(bytes) else { throw .badChecksum(entry: name) }
        linkName = Self.string(bytes[157..<257])
        typeFlag = bytes[156]
        guard let size = Self.number(bytes[124..<136]) else {
            throw .badHeader(entry: name, reason: "invalid size field")
        }
        self.size = size
    }

    /// True when every byte is zero: one half of the end-of-archive marker.
    static func isZero(_ block: ArraySlice<UInt8>) -> Bool {
        block.allSatisfy { $0 == 0 }
    }

    /// The bytes up to the first NUL, decoded leniently (names are bytes; only `/` and `.` matter here).
    static func string(_ field: ArraySlice<UInt8>) -> String {
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[field.startIndex..<end], as: UTF8.self)
    }

    /// A numeric field: octal digits (leading spaces, trailing NUL or space), or GNU base-256 when the
    /// high bit of the first byte is set. Nil for anything else, and for negative base-256 values.
    static func number(_ field: ArraySlice<UInt8>) -> UInt64? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            guard first & 0x40 == 0 else { return nil }  // negative
            var value = UInt64(first & 0x3F)
            for byte in field.dropFirst() {
                guard value >> 56 == 0 else { return nil }
                value = value << 8 | UInt64(byte)
            }
            return value
        }
        var value: UInt64 = 0
        var digits = field.drop { $0 == 0x20 }
        if let end = digits.firstIndex(where: { $0 == 0 || $0 == 0x20 }) {
            guard digits[end...].allSatisfy({ $0 == 0 || $0 == 0x20 }) else { return nil }
            digits = digits[..<end]
        }
        for digit in digits {
            guard (0x30...0x37).contains(digit), value >> 61 == 0 else { return nil }
            value = value << 3 | UInt64(digit - 0x30)
        }
        return value
    }

    /// The checksum field holds the sum of the header's bytes with the field itself counted as spaces;
    /// some old writers summed signed bytes, which is accepted too.
    private static func hasValidChecksum(_ bytes: [UInt8]) -> Bool {
        guard let recorded = number(bytes[148..<156]) else { return false }
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (index, byte) in bytes.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int64(value)
            signed += Int64(Int8(bitPattern: value))
        }
        return Int64(recorded) == unsigned || Int64(recorded) == signed
    }
}
