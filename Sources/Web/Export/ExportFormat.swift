/// The formats an export streams in: CSV for spreadsheets, a JSON array, or NDJSON for programs.
enum ExportFormat: String, Sendable, CaseIterable {
    case csv, json, ndjson

    /// RFC 4180 §3 registers `header`; the export always writes a header row.
    var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8; header=present"
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        }
    }

    var fileExtension: String { rawValue }
}
