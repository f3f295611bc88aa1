import Core
import Foundation

/// What to push: a package file and the version it is, plus what CI knows about the build.
public struct PackageUpload: Sendable, Equatable {
    public var application: String
    public var version: String
    /// The tar.gz on disk; `init` has checked that it is a readable regular file.
    public var file: String
    public var metadata: PackageMetadata

    /// Fails with a `.file` error, before anything touches the network, unless `file` is a readable regular file.
    public init(application: String, version: String, file: String, metadata: PackageMetadata) throws(ClientError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw ClientError(.file, "no such file: \(file)")
        }
        guard !isDirectory.boolValue else { throw ClientError(.file, "\(file) is a directory, not a package file") }
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw ClientError(.file, "cannot read \(file): permission denied")
        }
        self.application = application
        self.version = version
        self.file = file
        self.metadata = metadata
    }
}

/// The server's answer to a push: the package, and whether this push created it (201) or found the
/// same bytes already there (200, e.g. a CI retry).
public struct PushOutcome: Sendable, Equatable {
    public var package: PackageRecord
    public var isNew: Bool

    /// The line `capstan push` prints.
    public var summary: String {
        let what = "\(package.application) \(package.version) sha256 \(package.sha256) (\(package.size) bytes)"
        return isNew ? "pushed \(what)" : "already there: \(what)"
    }
}

extension APIClient {
    /// Hashes the file, then streams it to `PUT /api/v1/applications/{app}/packages/{version}`.
    public func push(_ upload: PackageUpload) async throws(ClientError) -> PushOutcome {
        let digest = try FileDigest.of(fileAt: upload.file)
        var request = try request("PUT", Self.packagesPath(upload.application) + "/" + Self.escape(upload.version))
        request.setValue("application/gzip", forHTTPHeaderField: "Content-Type")
        request.setValue(digest.sha256, forHTTPHeaderField: "X-Capstan-SHA256")
        for (name, value) in upload.metadata.headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        let (body, status) = try await send(request, file: URL(fileURLWithPath: upload.file))
        let package = try decode(PackageRecord.self, from: body, url: request.url)
        guard package.sha256 == digest.sha256 else {
            throw ClientError(.response, "the server recorded sha256 \(package.sha256) but \(upload.file) has \(digest.sha256)")
        }
        return PushOutcome(package: package, isNew: status == 201)
    }

    /// One page of an application's packages, newest first, with the body as the server sent it.
    public func packages(of application: String, limit: Int? = nil, cursor: String? = nil) async throws(ClientError) -> (page: PackagePage, json: Data) {
        let query = [limit.map { URLQueryItem(name: "limit", value: String($0)) },
                     cursor.map { URLQueryItem(name: "cursor", value: $0) }].compactMap { $0 }
        let request = try request("GET", Self.packagesPath(application), query: query)
        let (body, _) = try await send(request)
        return (try decode(PackagePage.self, from: body, url: request.url), body)
    }

    private static func packagesPath(_ application: String) -> String {
        "/api/v1/applications/\(escape(application))/packages"
    }
}
