import Foundation

/// A URL of a product group that receives its release events as signed JSON (`WebhookDelivery`).
///
/// The signing secret is not a property: it is shown once when the webhook is made and read back
/// only by the sender (`DueWebhookDelivery`), so no listing, page or log line can carry it.
public struct Webhook: Sendable, Equatable, Identifiable {
    /// A group has at most this many webhooks.
    public static let maxPerGroup = 20

    public var id: Int64
    public var groupID: Int64
    public var url: String
    public var createdByLogin: String
    public var createdAt: Date

    public init(id: Int64, groupID: Int64, url: String, createdByLogin: String, createdAt: Date) {
        self.id = id
        self.groupID = groupID
        self.url = url
        self.createdByLogin = createdByLogin
        self.createdAt = createdAt
    }

    /// Refuses anything but an absolute `http` or `https` URL with a host, at most 2,000 characters.
    public static func validate(url: String) throws(AppError) {
        let refusal = AppError(.invalid, "url must be an http or https URL such as https://ci.example.com/hooks/capstan", field: "url")
        guard url.count <= 2000, !url.contains(where: \.isWhitespace), let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { throw refusal }
    }
}
