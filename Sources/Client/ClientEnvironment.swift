import Core

/// Where the CLI finds its server and credentials: flags first, then `CAPSTAN_URL` and `CAPSTAN_TOKEN`.
public struct ClientEnvironment: Sendable, Equatable {
    public var serverURL: String
    public var token: String?

    public init(serverURL: String?, token: String?, environment: [String: String]) throws(AppError) {
        guard let url = serverURL ?? environment["CAPSTAN_URL"], !url.isEmpty else {
            throw AppError(.invalid, "no server: pass --server or set CAPSTAN_URL", field: "server")
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw AppError(.invalid, "server URL must start with http:// or https:// (got \(url))", field: "server")
        }
        self.serverURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.token = token ?? environment["CAPSTAN_TOKEN"]
    }
}
