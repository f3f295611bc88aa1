/// The fields of a machine a person types when adding or editing one by hand.
///
/// Facts, state and last-seen time are not here: agents report the first two, `setMachineState`
/// changes the state.
public struct MachineDraft: Sendable, Codable, Equatable {
    public var hostname: String
    public var address: String
    public var datacenter: String
    public var os: String
    public var arch: String
    public var groupID: Int64
    public var environmentID: Int64
    public var labels: [String: String]

    public init(
        hostname: String, address: String = "", datacenter: String = "", os: String = "", arch: String = "",
        groupID: Int64, environmentID: Int64, labels: [String: String] = [:]
    ) {
        self.hostname = hostname
        self.address = address
        self.datacenter = datacenter
        self.os = os
        self.arch = arch
        self.groupID = groupID
        self.environmentID = environmentID
        self.labels = labels
    }

    /// Throws `AppError(.invalid)` naming the first bad field.
    public func validate() throws(AppError) {
        try Validation.hostname(hostname)
        try Validation.address(address)
        try Validation.datacenter(datacenter)
        try Validation.text(os, field: "os", maxLength: 128)
        try Validation.text(arch, field: "arch", maxLength: 32)
        try Validation.labels(labels)
    }
}
