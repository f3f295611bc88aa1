import Core

// The machines area: the filtered, paged list, its counts, hand-made machines and history.
extension OpenAPIArea {
    private static let machineFilters: [JSONValue] = [
        OpenAPIDocument.query("group", "Machines of this group (404 when hidden)", schema: JSONSchema.id),
        OpenAPIDocument.query("subgroups", "With `group`: its subgroups too", schema: JSONSchema.boolean),
        OpenAPIDocument.query("environment", "Environment id", schema: JSONSchema.id),
        OpenAPIDocument.query("datacenter", "Exact datacenter"),
        OpenAPIDocument.query("state", "Machine state", schema: JSONSchema.enumeration(Machine.State.allCases.map(\.rawValue))),
        OpenAPIDocument.query("online", "Online or offline only", schema: JSONSchema.boolean),
        OpenAPIDocument.query("label", "`key` or `key=value`"),
        OpenAPIDocument.query("q", "Text in hostname or address"),
    ]

    private static func machineBody(required: [String]) -> JSONValue {
        var properties: [String: JSONValue] = [
            "hostname": JSONSchema.string, "address": JSONSchema.string, "datacenter": JSONSchema.string, "os": JSONSchema.string,
            "arch": JSONSchema.string, "groupID": JSONSchema.id, "environmentID": JSONSchema.id, "labels": JSONSchema.stringMap,
        ]
        if required.isEmpty { properties["state"] = JSONSchema.enumeration(Machine.State.allCases.map(\.rawValue)) }
        return JSONSchema.object(properties, required: required)
    }

    static let machines = OpenAPIArea(tag: "machines", description: "Managed machines, their agents' facts and history", operations: [
        .get("/api/v1/machines", "Machines matching the filters, a cursor page at a time",
             returns: JSONSchema.page(of: JSONSchema.ref("Machine")),
             parameters: machineFilters + [OpenAPIDocument.query(
                "sort", "A field (\(MachineSort.Field.allCases.map(\.rawValue).joined(separator: ", "))), `-` first for descending")]
                + OpenAPIDocument.page, errors: [404, 422]),
        .get("/api/v1/machines/counts", "How many machines match the filters, online and offline",
             returns: JSONSchema.object(["total": JSONSchema.integer, "online": JSONSchema.integer, "offline": JSONSchema.integer]),
             parameters: machineFilters, errors: [404, 422]),
        .write(.post, "/api/v1/machines", "Add a machine by hand (owners of its group)",
               body: machineBody(required: ["hostname", "groupID", "environmentID"]), status: 201, returns: JSONSchema.ref("Machine"),
               errors: [422]),
        .get("/api/v1/machines/:id", "A machine", returns: JSONSchema.ref("Machine")),
        .write(.patch, "/api/v1/machines/:id", "Edit, move, enable or disable a machine", body: machineBody(required: []),
               returns: JSONSchema.ref("Machine"), errors: [422]),
        .write(.delete, "/api/v1/machines/:id", "Delete a machine that never ran a job (its agent must enroll again)", status: 204, errors: [409]),
        .get("/api/v1/machines/:id/events", "The machine's history, newest first",
             returns: JSONSchema.page(of: JSONSchema.object(["id": JSONSchema.id, "at": JSONSchema.timestamp,
                                                             "kind": JSONSchema.enumeration(MachineEvent.Kind.allCases.map(\.rawValue)),
                                                             "detail": JSONSchema.freeObject]))),
    ], schemas: [
        "Machine": JSONSchema.object([
            "id": JSONSchema.id, "hostname": JSONSchema.string, "address": JSONSchema.string, "datacenter": JSONSchema.string,
            "os": JSONSchema.string, "arch": JSONSchema.string, "groupID": JSONSchema.id, "environmentID": JSONSchema.id,
            "labels": JSONSchema.stringMap, "state": JSONSchema.enumeration(Machine.State.allCases.map(\.rawValue)),
            "isOnline": JSONSchema.boolean, "lastSeenAt": JSONSchema.nullable(JSONSchema.timestamp), "facts": JSONSchema.freeObject,
            "agentVersion": JSONSchema.nullable(JSONSchema.string), "createdAt": JSONSchema.timestamp,
        ]),
    ])
}
