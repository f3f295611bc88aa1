import Foundation

/// Builds the query part of a link (`?group=3&sort=-lastSeenAt`), percent-encoding every name and
/// value, and leaving out empty values so links stay short.
enum QueryString {
    private static let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#?/"))

    static func make(_ items: [(name: String, value: String)]) -> String {
        let pairs = items.filter { !$0.value.isEmpty }.map { item in
            encode(item.name) + "=" + encode(item.value)
        }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
