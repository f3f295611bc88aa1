/// The rules for an application's own fields, next to `Validation`'s general ones; each failure is
/// `AppError(.invalid, …, field:)` naming the field.
///
/// - name: `[a-z0-9][a-z0-9._-]{0,63}`, the schema's CHECK: it is a directory on every host.
/// - account: a POSIX account name, `[a-z_][a-z0-9_-]{0,31}`.
/// - absolute path: starts with `/`, is not `/` itself, no empty, `.` or `..` segment (so no `//`
///   and no trailing `/`), at most 1,024 bytes, no control characters.
/// - command: at most 4,096 characters, no NUL (newlines are fine: commands run through a shell).
/// - HTTP URL: `http://` or `https://` with a host, at most 2,048 characters, no spaces or controls.
public enum ApplicationValidation {
    public static func name(_ value: String, field: String = "name") throws(AppError) {
        let lowercaseAndDigits = Validation.lowercaseLetters + Validation.digits
        let valid = Validation.ascii(value, count: 1...64, allowed: lowercaseAndDigits + "._-")
            && Validation.ascii(String(value.prefix(1)), count: 1...1, allowed: lowercaseAndDigits)
        try require(valid, field, "must start with a-z or 0-9 and be at most 64 of a-z, 0-9, '.', '_' and '-'")
    }

    public static func account(_ value: String, field: String) throws(AppError) {
        let valid = Validation.ascii(value, count: 1...32, allowed: Validation.lowercaseLetters + Validation.digits + "_-")
            && Validation.ascii(String(value.prefix(1)), count: 1...1, allowed: Validation.lowercaseLetters + "_")
        try require(valid, field, "must be an account name: start with a-z or '_', then at most 31 of a-z, 0-9, '_' and '-'")
    }

    public static func absolutePath(_ value: String, field: String) throws(AppError) {
        try require(value.hasPrefix("/") && value != "/", field, "must be an absolute path other than /")
        try require(value.utf8.count <= 1024, field, "must be at most 1024 bytes")
        try require(!value.unicodeScalars.contains { $0.properties.generalCategory == .control }, field,
                    "must not contain control characters")
        let segments = value.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        try require(!segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }, field,
                    "must be normalized: no '//', no '.' or '..' segments, no trailing '/'")
    }

    public static func command(_ value: String, field: String, allowsEmpty: Bool) throws(AppError) {
        try require(allowsEmpty || !value.isEmpty, field, "must not be empty")
        try require(value.count <= ApplicationDraft.maxCommandLength, field,
                    "must be at most \(ApplicationDraft.maxCommandLength) characters")
        try require(!value.unicodeScalars.contains("\u{0}"), field, "must not contain NUL")
    }

    public static func httpURL(_ value: String, field: String) throws(AppError) {
        let lowered = value.lowercased()
        let scheme = ["http://", "https://"].first { lowered.hasPrefix($0) }
        let host = scheme.map { value.dropFirst($0.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" } } ?? ""
        try require(scheme != nil && !host.isEmpty, field, "must be an http:// or https:// URL with a host")
        try require(value.count <= 2048, field, "must be at most 2048 characters")
        try require(!value.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == " " }, field,
                    "must not contain spaces or control characters")
    }

    static func require(_ condition: Bool, _ field: String, _ message: String) throws(AppError) {
        guard condition else { throw AppError(.invalid, "\(field) \(message)", field: field) }
    }
}
