import Foundation

/// The text table `capstan packages` prints: version, size, short SHA-256, created, by, commit.
public enum PackageTable {
    public static func render(_ packages: [PackageRecord]) -> String {
        TextTable.render(header: ["VERSION", "SIZE", "SHA256", "CREATED", "BY", "COMMIT"], rows: packages.map { package in
            [package.version, formatSize(package.size), String(package.sha256.prefix(12)),
             TextTable.formatDate(package.createdAt), package.createdBy, String((package.metadata["commit"] ?? "").prefix(12))]
        })
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
}
