import Core
import HTTP

/// The machine list's filter form as the request filled it: the values to show again, the
/// choices of each `<select>`, and links to the next and first pages with the same filters.
struct MachineListFilters {
    private let request: Request

    init(_ request: Request) {
        self.request = request
    }

    private func value(_ name: String) -> String { request.query(name) ?? "" }

    func context(groups: [ProductGroup], environments: [Environment]) -> [String: Any] {
        let choices = { (items: [(String, String)], selected: String) -> [[String: Any]] in
            items.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
        }
        let sorts = [("hostname", "Hostname A–Z"), ("-hostname", "Hostname Z–A"), ("-lastSeenAt", "Last seen, newest"),
                     ("lastSeenAt", "Last seen, oldest"), ("datacenter", "Datacenter"), ("-createdAt", "Newest added")]
        return [
            "filter": ["datacenter": value("datacenter"), "label": value("label"), "q": value("q"),
                       "subgroups": value("subgroups") == "true"],
            "groupOptions": choices(groups.map { (String($0.id), $0.name) }, value("group")),
            "environmentOptions": choices(environments.map { (String($0.id), $0.name) }, value("environment")),
            "stateOptions": choices(Machine.State.allCases.map { ($0.rawValue, $0.rawValue) }, value("state")),
            "onlineOptions": choices([("true", "online"), ("false", "offline")], value("online")),
            "sortOptions": choices(sorts, value("sort").isEmpty ? "hostname" : value("sort")),
            "sortColumns": sortColumns(),
        ]
    }

    /// The sortable column headers: each links to the list sorted by its column (the other way
    /// round when it already is), and says how the list is sorted now (`aria-sort`).
    private func sortColumns() -> [String: [String: String]] {
        let current = value("sort").isEmpty ? "hostname" : value("sort")
        let columns: [(field: String, firstDescending: Bool)] = [("hostname", false), ("datacenter", false), ("lastSeenAt", true)]
        return Dictionary(uniqueKeysWithValues: columns.map { column in
            let order: String, next: String
            switch current {
            case column.field: (order, next) = ("ascending", "-" + column.field)
            case "-" + column.field: (order, next) = ("descending", column.field)
            default: (order, next) = ("none", column.firstDescending ? "-" + column.field : column.field)
            }
            return (column.field, ["order": order, "link": link(cursor: nil, sort: next)])
        })
    }

    /// `/machines` with the same filters and sort (or `sort`), at `cursor` (nil: the first page).
    func link(cursor: String?, sort: String? = nil) -> String {
        var items = MachineListParameters.names.filter { $0 != "cursor" }.map { ($0, $0 == "sort" ? sort ?? value($0) : value($0)) }
        if let cursor { items.append(("cursor", cursor)) }
        return "/machines" + QueryString.make(items.map { (name: $0.0, value: $0.1) })
    }
}
