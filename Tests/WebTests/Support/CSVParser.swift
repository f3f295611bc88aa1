/// A strict RFC 4180 reader for tests: records end with CRLF, fields may be quoted, quotes inside
/// quoted fields are doubled. Anything else (a bare LF or CR outside quotes, a quote inside an
/// unquoted field, text after a closing quote, a record without its CRLF) is an error, so an export
/// that strays from the RFC fails the test.
enum CSVParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var scalars = Array(text.unicodeScalars)[...]
        var atFieldStart = true
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"" where atFieldStart:
                field = try quoted(&scalars)
                atFieldStart = false
                guard let next = scalars.first, next == "," || next == "\r" else {
                    throw Failure(description: "text after a closing quote in record \(records.count + 1)")
                }
            case "\"":
                throw Failure(description: "a quote inside an unquoted field in record \(records.count + 1)")
            case ",":
                record.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                guard scalars.popFirst() == "\n" else { throw Failure(description: "CR without LF in record \(records.count + 1)") }
                record.append(field)
                records.append(record)
                (record, field, atFieldStart) = ([], "", true)
            case "\n":
                throw Failure(description: "a bare LF in record \(records.count + 1)")
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        guard record.isEmpty, field.isEmpty else { throw Failure(description: "the last record has no CRLF") }
        return records
    }

    /// The rest of a quoted field, its closing quote consumed.
    private static func quoted(_ scalars: inout ArraySlice<Unicode.Scalar>) throws -> String {
        var field = ""
        while let scalar = scalars.popFirst() {
            guard scalar == "\"" else {
                field.unicodeScalars.append(scalar)
                continue
            }
            guard scalars.first == "\"" else { return field }
            scalars.removeFirst()
            field += "\""
        }
        throw Failure(description: "a quoted field never closes")
    }

    /// Records as dictionaries keyed by the header row.
    static func table(_ text: String) throws -> [[String: String]] {
        let records = try parse(text)
        guard let header = records.first else { throw Failure(description: "no header row") }
        return try records.dropFirst().map { record in
            guard record.count == header.count else { throw Failure(description: "a record with \(record.count) of \(header.count) fields") }
            return Dictionary(uniqueKeysWithValues: zip(header, record))
        }
    }
}
