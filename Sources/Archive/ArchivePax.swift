/// The fields of a pax extended header (`x`) that override the next entry's header.
///
/// POSIX.1-2001 records are `"<length> <key>=<value>\n"`, the length counting the whole record.
/// Only `path`, `linkpath` and `size` matter for inspection; other keys are read past.
struct ArchivePax {
    var path: String?
    var linkPath: String?
    var size: UInt64?

    /// Parses `data`; `entry` names the header in errors.
    init(_ data: [UInt8], entry: String) throws(ArchiveError) {
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: 0x20),
                  let length = Int(String(decoding: data[index..<space], as: UTF8.self)),
                  length > space - index + 1, index + length <= data.count, data[index + length - 1] == 0x0A,
                  let equals = data[(space + 1)..<(index + length)].firstIndex(of: 0x3D)
            else { throw .badHeader(entry: entry, reason: "malformed pax extended header") }
            let key = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            let value = String(decoding: data[(equals + 1)..<(index + length - 1)], as: UTF8.self)
            try apply(key: key, value: value, entry: entry)
            index += length
        }
    }

    private mutating func apply(key: String, value: String, entry: String) throws(ArchiveError) {
        switch key {
        case "path": path = value
        case "linkpath": linkPath = value
        case "size":
            guard let size = UInt64(value) else { throw .badHeader(entry: entry, reason: "invalid pax size \"\(value)\"") }
            self.size = size
        default: break
        }
    }
}
