import Core
import Foundation

/// One cell of an export record, typed so each format can write it its own way: ids are strings in
/// JSON (as everywhere in the API) and plain digits in CSV, absent values `null` or an empty field,
/// times RFC 3339 UTC.
enum ExportValue: Sendable {
    case text(String?)
    case id(Int64?)
    case number(Int?)
    case bool(Bool)
    case time(Date?)
    /// JSON as it is (an audit row's detail): an object in JSON, its canonical text in CSV.
    case json(JSONValue)

    /// The value as JSON text.
    var jsonText: String {
        switch self {
        case .text(let text): text.map { JSONValue.string($0).canonicalText } ?? "null"
        case .id(let id): id.map { "\"\($0)\"" } ?? "null"
        case .number(let number): number.map(String.init) ?? "null"
        case .bool(let value): value ? "true" : "false"
        case .time(let date): date.map { "\"\(ExportTime.string($0))\"" } ?? "null"
        case .json(let value): value.canonicalText
        }
    }

    /// The value as a CSV field before quoting, and whether it is free text a spreadsheet could
    /// take for a formula.
    var csvText: (text: String, isText: Bool) {
        switch self {
        case .text(let text): (text ?? "", true)
        case .id(let id): (id.map(String.init) ?? "", false)
        case .number(let number): (number.map(String.init) ?? "", false)
        case .bool(let value): (value ? "true" : "false", false)
        case .time(let date): (date.map(ExportTime.string) ?? "", false)
        case .json(let value): (value.canonicalText, true)
        }
    }
}
