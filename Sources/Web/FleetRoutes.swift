import Foundation
import HTTP
import Storage

/// The fleet's routes: groups, environments, machines, enrollment tokens and the audit log, as JSON
/// under `/api/v1` and as pages. Every handler asks `request.caller()` first, so all of them sit
/// behind sign-in; none is on the public list.
struct FleetRoutes {
    let store: Store
    let templates: Templates
    /// The clock every write and every "online" test reads; tests may pin it.
    var now: @Sendable () -> Date = { Date() }
    var liveness = Liveness()

    func register(in router: inout Router) {
        let machines = MachineOperations(store: store, now: now, liveness: liveness)
        let groups = GroupOperations(store: store, now: now)
        let environments = EnvironmentOperations(store: store, now: now)
        let tokens = EnrollmentTokenOperations(store: store, now: now)
        let audit = AuditReader(store: store)
        registerAPI(in: &router, MachinesAPI(machines: machines), GroupsAPI(groups: groups),
                    EnvironmentsAPI(environments: environments), EnrollmentTokensAPI(tokens: tokens), AuditAPI(reader: audit))
        let group = GroupPage(templates: templates, groups: groups, machines: machines, environments: environments, tokens: tokens)
        registerPages(in: &router,
                      MachinesPages(templates: templates, machines: machines, groups: groups, environments: environments),
                      MachineFormPages(templates: templates, machines: machines, groups: groups, environments: environments),
                      GroupsPages(templates: templates, groups: groups, detail: group), group,
                      EnvironmentsPages(templates: templates, environments: environments),
                      AuditPages(templates: templates, reader: audit))
    }

    private func registerPages(in router: inout Router, _ machines: MachinesPages, _ forms: MachineFormPages,
                               _ groups: GroupsPages, _ group: GroupPage, _ environments: EnvironmentsPages, _ audit: AuditPages) {
        let enrollment = EnrollmentTokensPages(page: group)
        router.get("/machines", use: machines.list)
        router.get("/machines/new", use: forms.new)
        router.post("/machines", use: forms.create)
        router.get("/machines/:id", use: machines.show)
        router.get("/machines/:id/edit", use: forms.edit)
        router.post("/machines/:id", use: forms.update)
        router.post("/machines/:id/delete", use: forms.delete)
        router.get("/groups", use: groups.show)
        router.post("/groups", use: groups.create)
        router.get("/groups/:id", use: group.show)
        router.post("/groups/:id", use: groups.update)
        router.post("/groups/:id/enrollment-tokens", use: enrollment.create)
        router.post("/enrollment-tokens/:id/revoke", use: enrollment.revoke)
        router.post("/groups/:id/delete", use: groups.delete)
        router.get("/environments", use: environments.show)
        router.post("/environments", use: environments.create)
        router.get("/environments/:id/edit", use: environments.edit)
        router.post("/environments/:id", use: environments.update)
        router.post("/environments/:id/delete", use: environments.delete)
        router.get("/audit", use: audit.list)
    }

    private func registerAPI(in router: inout Router, _ machines: MachinesAPI, _ groups: GroupsAPI,
                             _ environments: EnvironmentsAPI, _ tokens: EnrollmentTokensAPI, _ audit: AuditAPI) {
        router.group("/api/v1") { api in
            api.get("/groups", use: groups.list)
            api.post("/groups", use: groups.create)
            api.get("/groups/:id", use: groups.show)
            api.patch("/groups/:id", use: groups.update)
            api.delete("/groups/:id", use: groups.delete)
            api.get("/groups/:id/members", use: groups.members)
            api.get("/groups/:id/enrollment-tokens", use: tokens.list)
            api.post("/groups/:id/enrollment-tokens", use: tokens.create)
            api.delete("/enrollment-tokens/:id", use: tokens.revoke)
            api.get("/environments", use: environments.list)
            api.post("/environments", use: environments.create)
            api.patch("/environments/:id", use: environments.update)
            api.delete("/environments/:id", use: environments.delete)
            api.get("/machines", use: machines.list)
            api.get("/machines/counts", use: machines.counts)
            api.post("/machines", use: machines.create)
            api.get("/machines/:id", use: machines.show)
            api.patch("/machines/:id", use: machines.update)
            api.delete("/machines/:id", use: machines.delete)
            api.get("/machines/:id/events", use: machines.events)
            api.get("/audit", use: audit.list)
        }
    }
}
