/// The rules for every field people type; each failure is `AppError(.invalid, …, field:)` naming the field.
///
/// The rules, in one place so the API, the pages and the CLI agree:
/// - login: `[a-z0-9._-]{1,64}`, lowercase only, so a login reads the same everywhere.
/// - display name: at most 128 characters, no control characters.
/// - group and environment names: `[A-Za-z0-9][A-Za-z0-9._ -]{0,63}`.
/// - hostname: RFC 1123 — dot-separated labels of 1–63 letters, digits and hyphens, not starting or
///   ending with a hyphen, at most 253 characters in all.
/// - address: empty, or an IPv4 or IPv6 literal (no zone, no brackets).
/// - datacenter: at most 64 of `[A-Za-z0-9._-]`, or empty.
/// - labels: at most 64; keys `[a-z0-9][a-z0-9._/-]{0,62}`; values at most 128 printable characters.
/// - password: 12 to 1,024 characters.
public enum Validation {
    public static let maxLabels = 64

    public static func login(_ value: String, field: String = "login") throws(AppError) {
        try require(ascii(value, count: 1...64, allowed: lowercaseLetters + digits + "._-"), field,
                    "must be 1 to 64 of a-z, 0-9, '.', '_' and '-'")
    }

    public static func displayName(_ value: String, field: String = "name") throws(AppError) {
        try text(value, field: field, maxLength: 128)
    }

    public static func name(_ value: String, field: String = "name") throws(AppError) {
        let valid = ascii(value, count: 1...64, allowed: letters + digits + "._ -")
            && ascii(String(value.prefix(1)), count: 1...1, allowed: letters + digits)
        try require(valid, field, "must start with a letter or digit and be at most 64 of letters, digits, '.', '_', '-' and space")
    }

    public static func hostname(_ value: String, field: String = "hostname") throws(AppError) {
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        let valid = (1...253).contains(value.utf8.count) && labels.allSatisfy { label in
            ascii(String(label), count: 1...63, allowed: letters + digits + "-")
                && label.first != "-" && label.last != "-"
        }
        try require(valid, field, "must be a hostname: dot-separated labels of letters, digits and '-', at most 253 characters")
    }

    public static func address(_ value: String, field: String = "address") throws(AppError) {
        try require(value.isEmpty || IPAddress.isIPv4(value) || IPAddress.isIPv6(value), field,
                    "must be an IPv4 or IPv6 address")
    }

    public static func datacenter(_ value: String, field: String = "datacenter") throws(AppError) {
        try require(value.isEmpty || ascii(value, count: 1...64, allowed: letters + digits + "._-"), field,
                    "must be at most 64 of letters, digits, '.', '_' and '-'")
    }

    public static func labels(_ labels: [String: String], field: String = "labels") throws(AppError) {
        try require(labels.count <= maxLabels, field, "at most \(maxLabels) labels")
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            try labelKey(key, field: field)
            try text(value, field: "\(field).\(key)", maxLength: 128)
        }
    }

    public static func labelKey(_ key: String, field: String = "labels") throws(AppError) {
        let valid = ascii(key, count: 1...63, allowed: lowercaseLetters + digits + "._/-")
            && ascii(String(key.prefix(1)), count: 1...1, allowed: lowercaseLetters + digits)
        try require(valid, field, "label key '\(key.prefix(64))' must be 1 to 63 of a-z, 0-9, '.', '_', '/' and '-', starting with a letter or digit")
    }

    public static func password(_ value: String, field: String = "password") throws(AppError) {
        try require((12...1024).contains(value.count), field, "must be 12 to 1024 characters")
    }

    /// Free text: at most `maxLength` characters and no control characters (newlines and tabs only
    /// when `allowsNewlines`).
    public static func text(
        _ value: String, field: String, maxLength: Int, allowsNewlines: Bool = false
    ) throws(AppError) {
        try require(value.count <= maxLength, field, "must be at most \(maxLength) characters")
        let hasControl = value.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && !(allowsNewlines && (scalar == "\n" || scalar == "\t"))
        }
        try require(!hasControl, field, "must not contain control characters")
    }

    // MARK: - Helpers

    static let lowercaseLetters = "abcdefghijklmnopqrstuvwxyz"
    static let letters = lowercaseLetters + lowercaseLetters.uppercased()
    static let digits = "0123456789"

    /// Whether `value` has a length in `count` and only bytes from `allowed` (all ASCII).
    static func ascii(_ value: String, count: ClosedRange<Int>, allowed: String) -> Bool {
        let allowedBytes = Set(allowed.utf8)
        return count.contains(value.utf8.count) && value.utf8.allSatisfy(allowedBytes.contains)
    }

    private static func require(_ condition: Bool, _ field: String, _ message: String) throws(AppError) {
        guard condition else { throw AppError(.invalid, "\(field) \(message)", field: field) }
    }
}
