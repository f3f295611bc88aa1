/// Turns export records into the bytes of one format, a piece at a time, so a stream never holds
/// more than the page it is writing.
///
/// - CSV (RFC 4180): a UTF-8 byte order mark (spreadsheets otherwise guess a legacy code page for
///   non-ASCII text), a header row, CRLF after every record; a field holding a comma, a quote, CR or
///   LF is quoted, its quotes doubled. Free text that starts with `=`, `+`, `-`, `@`, a tab, CR or a
///   `'` gets one `'` put in front, so a spreadsheet shows it as text instead of running it as a
///   formula (OWASP "CSV injection"); dropping one leading `'` from such a field gives the value back.
/// - JSON: one array, one object per line, `[` first and `]` last.
/// - NDJSON: one object per line.
///
/// JSON objects keep the columns' order; ids are strings and absent values `null`.
struct ExportEncoder: Sendable {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    let format: ExportFormat
    let columns: [String]

    /// What comes before the first record.
    var prelude: [UInt8] {
        switch format {
        case .csv: Self.byteOrderMark + Array((columns.map(Self.csvField).joined(separator: ",") + "\r\n").utf8)
        case .json: Array("[\n".utf8)
        case .ndjson: []
        }
    }

    /// What comes after the last record, once `count` were written.
    func epilogue(count: Int) -> [UInt8] {
        format == .json ? Array((count == 0 ? "]\n" : "\n]\n").utf8) : []
    }

    /// Appends record number `index` (from 0) to `output`.
    func append(_ values: [ExportValue], index: Int, to output: inout [UInt8]) {
        precondition(values.count == columns.count, "an export record has one value per column")
        var line = ""
        switch format {
        case .csv:
            for (position, value) in values.enumerated() {
                if position > 0 { line += "," }
                let (text, isText) = value.csvText
                line += Self.csvField(isText ? Self.guardingFormula(text) : text)
            }
            line += "\r\n"
        case .json, .ndjson:
            if format == .json, index > 0 { line += ",\n" }
            line += "{"
            for (position, value) in values.enumerated() {
                if position > 0 { line += "," }
                line += "\"\(columns[position])\":" + value.jsonText
            }
            line += format == .ndjson ? "}\n" : "}"
        }
        output.append(contentsOf: line.utf8)
    }

    /// RFC 4180 §2: a field with a comma, a quote, CR or LF is quoted and its quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) else {
            return text
        }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// `'` in front of text a spreadsheet would read as a formula (or that already starts with `'`).
    static func guardingFormula(_ text: String) -> String {
        guard let first = text.utf8.first, Self.formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    private static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D,
                                                    UInt8(ascii: "'")]
}
