import Crypto
import Foundation

/// How a webhook body is signed: HMAC-SHA256 with the webhook's secret over `<timestamp>.<body>`,
/// sent as `X-Capstan-Signature: sha256=<hex>` beside `X-Capstan-Timestamp: <unix seconds>`.
///
/// The timestamp is inside the signed text, so a receiver that refuses old timestamps (say, more
/// than five minutes off) cannot be replayed an old delivery.
public enum WebhookSignature {
    public static let signatureHeader = "X-Capstan-Signature"
    public static let timestampHeader = "X-Capstan-Timestamp"

    public static func sign(body: String, secret: String, timestamp: Int64) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).\(body)".utf8), using: key)
        return "sha256=" + mac.hexString
    }
}
