import Foundation
import HTTP
import Storage

/// The history exports for auditors: `GET /api/v1/exports/releases` and `GET /api/v1/exports/audit`
/// (see `ExportsAPI`). Both sit behind sign-in like every other API route.
struct ExportRoutes: Sendable {
    let store: Store
    let now: @Sendable () -> Date

    func register(in router: inout Router) {
        let api = ExportsAPI(store: store, now: now)
        router.group("/api/v1/exports") { exports in
            exports.get("/releases", use: api.releases)
            exports.get("/audit", use: api.audit)
        }
    }
}
