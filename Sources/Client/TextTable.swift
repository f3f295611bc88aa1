import Foundation

/// The plain-text tables the CLI prints: a header row, columns padded to their widest cell and two
/// spaces apart, no trailing spaces.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// `2026-11-22T05:51:23.123Z` shown as `2026-11-22 05:51:23`; anything else as it came.
    static func formatDate(_ rfc3339: String) -> String {
        guard rfc3339.count >= 19 else { return rfc3339 }
        return String(rfc3339.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
