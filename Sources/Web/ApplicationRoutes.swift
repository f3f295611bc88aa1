import Foundation
import HTTP
import Storage

/// The applications' routes, as JSON under `/api/v1/applications` and as pages under
/// `/applications`; an application is addressed by its name. Every handler asks `request.caller()`
/// first, so all of them sit behind sign-in.
///
/// The create form is on the list page rather than at `/applications/new`, since `new` is a valid
/// application name.
struct ApplicationRoutes {
    let store: Store
    let templates: Templates
    var now: @Sendable () -> Date = { Date() }

    func register(in router: inout Router) {
        let applications = ApplicationOperations(store: store, now: now)
        let groups = GroupOperations(store: store, now: now)
        let api = ApplicationsAPI(applications: applications)
        router.group("/api/v1") { v1 in
            v1.get("/applications", use: api.list)
            v1.post("/applications", use: api.create)
            v1.get("/applications/:name", use: api.show)
            v1.patch("/applications/:name", use: api.update)
            v1.delete("/applications/:name", use: api.delete)
        }
        let pages = ApplicationsPages(templates: templates, applications: applications, groups: groups)
        let forms = ApplicationFormPages(templates: templates, applications: applications, groups: groups)
        router.get("/applications", use: pages.list)
        router.post("/applications", use: pages.create)
        router.get("/applications/:name", use: pages.show)
        router.post("/applications/:name", use: forms.update)
        router.get("/applications/:name/edit", use: forms.edit)
        router.get("/applications/:name/delete", use: forms.confirmDelete)
        router.post("/applications/:name/delete", use: forms.delete)
    }
}
