import Core

/// The values the layout needs on every page: the title, the navigation with the current entry
/// marked, and the version for the footer.
enum PageContext {
    /// The main navigation, in order: a label and the path it opens.
    static let navigation: [(label: String, path: String)] = [("Dashboard", "/")]
        + [("Machines", "/machines"), ("Groups", "/groups"), ("Applications", "/applications"), ("Releases", "/releases"), ("Statistics", "/stats"), ("Versions", "/versions"), ("Environments", "/environments"), ("Audit", "/audit")]

    /// `values` for the page's own template, plus the layout's.
    static func make(title: String, path: String, _ values: [String: Any] = [:]) -> [String: Any] {
        var context = values
        context["title"] = title
        context["version"] = capstanVersion
        context["navigation"] = navigation.map { entry in
            ["label": entry.label, "path": entry.path, "isCurrent": entry.path == path] as [String: Any]
        }
        return context
    }
}
