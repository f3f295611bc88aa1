import Core
import Foundation

extension Caller {
    /// An audit entry for something this caller did: their actor text and address filled in.
    /// `detail` must never hold secrets (passwords, tokens).
    func auditEntry(
        at: Date, action: String, targetType: String? = nil, targetID: String? = nil,
        detail: [String: JSONValue] = [:]
    ) -> AuditEntry {
        AuditEntry(at: at, actor: actor, action: action, targetType: targetType, targetID: targetID,
                   detail: detail, remoteAddress: remoteAddress)
    }
}
