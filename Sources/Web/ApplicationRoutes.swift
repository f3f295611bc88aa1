import Foundation
import HTTP
import Storage

/// The applications' routes, as JSON under `/api/v1/applications` and as pages under
/// `/applications`; an application is addressed by its name. Every handler asks `request.caller()`
/// first, so all of them sit behind sign-in.
///
/// The create form is on the list page rather than at `/applications/new`, since `new` is a valid
/// application name. With the release engine, the page's deploy form posts to
/// `/applications/{name}/deploy`.
struct ApplicationRoutes {
    let store: Store
    let templates: Templates
    let artifacts: ArtifactStore
    /// The upload route's body limit.
    var maxPackageBytes = Configuration().maxPackageBytes
    var now: @Sendable () -> Date = { Date() }
    /// Starting releases, for the deploy form (`POST /applications/{name}/deploy`); nil: no form.
    var releases: ReleaseOperations?

    func register(in router: inout Router) {
        let applications = ApplicationOperations(store: store, now: now)
        let groups = GroupOperations(store: store, now: now)
        let api = ApplicationsAPI(applications: applications)
        let packages = PackageOperations(store: store, artifacts: artifacts, now: now)
        let packagesAPI = PackagesAPI(packages: packages)
        router.group("/api/v1") { v1 in
            v1.get("/applications", use: api.list)
            v1.post("/applications", use: api.create)
            v1.get("/applications/:name", use: api.show)
            v1.patch("/applications/:name", use: api.update)
            v1.delete("/applications/:name", use: api.delete)
            v1.get("/applications/:name/packages", use: packagesAPI.list)
            v1.put("/applications/:name/packages/:version", bodyLimit: maxPackageBytes, use: packagesAPI.upload)
            v1.get("/applications/:name/packages/:version", use: packagesAPI.show)
            v1.get("/applications/:name/packages/:version/download", use: packagesAPI.download)
        }
        let pages = ApplicationsPages(templates: templates, applications: applications, groups: groups, packages: packages,
                                      environments: EnvironmentOperations(store: store, now: now), canDeploy: releases != nil)
        let forms = ApplicationFormPages(templates: templates, applications: applications, groups: groups)
        router.get("/applications", use: pages.list)
        router.post("/applications", use: pages.create)
        router.get("/applications/:name", use: pages.show)
        router.post("/applications/:name", use: forms.update)
        router.get("/applications/:name/edit", use: forms.edit)
        router.get("/applications/:name/delete", use: forms.confirmDelete)
        router.post("/applications/:name/delete", use: forms.delete)
        if let releases {
            let deploy = DeployPages(pages: pages, releases: releases)
            router.get("/applications/:name/deploy", use: deploy.review)
            router.post("/applications/:name/deploy", use: deploy.create)
        }
    }
}
