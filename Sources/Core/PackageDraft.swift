/// A package row about to be written, once its file is safely in the artifact store.
public struct PackageDraft: Sendable, Equatable {
    public var applicationID: Int64
    public var version: String
    public var sha256: String
    public var size: Int64
    public var storagePath: String
    public var metadata: PackageMetadata
    public var createdBy: Int64

    public init(applicationID: Int64, version: String, sha256: String, size: Int64, storagePath: String,
                metadata: PackageMetadata = PackageMetadata(), createdBy: Int64) {
        self.applicationID = applicationID
        self.version = version
        self.sha256 = sha256
        self.size = size
        self.storagePath = storagePath
        self.metadata = metadata
        self.createdBy = createdBy
    }
}
