import Core
import Foundation

extension Caller {
    /// An audit entry for something this caller did, with their actor name and address.
    /// `detail` must never hold secrets.
    func auditEntry(_ action: String, _ targetType: String, _ targetID: Int64, at: Date,
                    detail: [String: JSONValue] = [:]) -> AuditEntry {
        AuditEntry(at: at, actor: actor, action: action, targetType: targetType, targetID: String(targetID),
                   detail: detail, remoteAddress: remoteAddress)
    }
}
