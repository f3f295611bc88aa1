import Foundation

/// The text table `capstan packages` prints: version, size, short SHA-256, created, by, commit.
public enum PackageTable {
    public static func render(_ packages: [PackageRecord]) -> String {
        let header = ["VERSION", "SIZE", "SHA256", "CREATED", "BY", "COMMIT"]
        let rows = packages.map { package in
            [package.version, formatSize(package.size), String(package.sha256.prefix(12)),
             formatDate(package.createdAt), package.createdBy, String((package.metadata["commit"] ?? "").prefix(12))]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// Bytes in binary units with one decimal: `512 B`, `1.5 KiB`, `2.0 GiB`.
    static func formatSize(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes)
        for unit in ["KiB", "MiB", "GiB", "TiB"] {
            value /= 1024
            if value < 1024 || unit == "TiB" {
                return String(format: "%.1f \(unit)", value)
            }
        }
        return "\(bytes) B"
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
