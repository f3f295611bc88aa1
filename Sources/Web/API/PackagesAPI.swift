import Core
import Foundation
import HTTP
import Logging
import Storage

/// `/api/v1/applications/{app}/packages`: upload a version (`PUT …/{version}`, the `.tar.gz` as the
/// body), list versions newest first (`?limit=`, `?cursor=`), show one, download its bytes.
///
/// Upload headers, each optional and percent-encoded UTF-8: `X-Capstan-SHA256` (the checksum CI
/// computed; a mismatch is 422), `X-Capstan-Commit`, `X-Capstan-Branch`, `X-Capstan-Build-URL`,
/// `X-Capstan-Notes`. 201 for a new version, 200 when the same bytes were already stored under it,
/// 409 for other bytes, 422 for a refused archive, 507 when the disk is full.
struct PackagesAPI: Sendable {
    let packages: PackageOperations

    func upload(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let name = request.parameters["name"] ?? ""
        let version = request.parameters["version"] ?? ""
        let metadata = PackageMetadata(commit: try Self.header(request, "X-Capstan-Commit", field: "commit"),
                                       branch: try Self.header(request, "X-Capstan-Branch", field: "branch"),
                                       buildURL: try Self.header(request, "X-Capstan-Build-URL", field: "buildURL"),
                                       notes: try Self.header(request, "X-Capstan-Notes", field: "notes"))
        let checksum = try Self.header(request, "X-Capstan-SHA256", field: "sha256")
        let outcome: PackageOperations.Outcome
        do {
            outcome = try await packages.upload(application: name, version: version, metadata: metadata, expectedSHA256: checksum,
                                                body: request.body, caller: caller)
        } catch let error as ArtifactError {
            return try Self.response(for: error)
        }
        return .json(JSONBody.encode(PackageJSON(outcome.package, application: name)), status: outcome.created ? .created : .ok)
    }

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let name = request.parameters["name"] ?? ""
        let limit = try Self.limit(request.query("limit"))
        let page = try await packages.list(application: name, caller: caller, after: request.query("cursor"), limit: limit)
        return .json(JSONBody.encode(ListJSON(items: page.packages.map { PackageJSON($0, application: name) }, nextCursor: page.nextCursor)))
    }

    func show(_ request: Request) async throws -> Response {
        let name = request.parameters["name"] ?? ""
        let package = try await packages.package(application: name, version: request.parameters["version"] ?? "", caller: try request.caller())
        return .json(JSONBody.encode(PackageJSON(package, application: name)))
    }

    /// The bytes, with `ETag: "<sha256>"`, ranges and sendfile.
    func download(_ request: Request) async throws -> Response {
        let name = request.parameters["name"] ?? ""
        let package = try await packages.package(application: name, version: request.parameters["version"] ?? "", caller: try request.caller())
        var response = try PackageFileResponse.make(package, request: request, path: packages.file(of: package))
        if response.status.code == 200 || response.status.code == 206 {
            // Both parts are validated: an application name and a version of safe characters.
            response.headers.add("Content-Disposition", "attachment; filename=\"\(name)-\(package.version).tar.gz\"")
        }
        return response
    }

    /// A header's percent-decoded value; a malformed escape is a 422 naming `field`.
    private static func header(_ request: Request, _ header: String, field: String) throws(AppError) -> String? {
        guard let raw = request.headers[header] else { return nil }
        guard let value = PercentDecoding.decode(raw) else {
            throw AppError(.invalid, "\(header) must be percent-encoded UTF-8", field: field)
        }
        return value
    }

    /// 422 for bytes that are not what was promised or not an acceptable archive, 507 for a full disk;
    /// an I/O failure goes on as an error, so the client sees a 500 without paths and the log has them.
    private static func response(for error: ArtifactError) throws -> Response {
        switch error {
        case .diskFull: return ErrorMapping.response(status: .insufficientStorage, message: error.description)
        case .checksumMismatch, .invalidChecksum: return ErrorMapping.response(for: AppError(.invalid, error.description, field: "sha256"))
        case .invalidArchive: return ErrorMapping.response(for: AppError(.invalid, error.description, field: "archive"))
        case .io: throw error
        }
    }

    private static func limit(_ text: String?) throws(AppError) -> Int {
        guard let text else { return 100 }
        guard let limit = Int(text), (1...PackageOperations.maxLimit).contains(limit) else {
            throw AppError(.invalid, "limit must be 1 to \(PackageOperations.maxLimit)", field: "limit")
        }
        return limit
    }
}

/// A package row whose file is gone: a bug or an outage, answered 500.
struct PackageFileMissing: Error, CustomStringConvertible {
    let package: Int64
    var description: String { "the artifact file of package \(package) is missing" }
}

/// A package as the API writes it; `metadata` keys spelled out as null when absent.
struct PackageJSON: Encodable {
    struct Metadata: Encodable {
        let commit, branch, buildURL, notes: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(commit, forKey: .commit)
            try container.encode(branch, forKey: .branch)
            try container.encode(buildURL, forKey: .buildURL)
            try container.encode(notes, forKey: .notes)
        }

        private enum CodingKeys: String, CodingKey { case commit, branch, buildURL, notes }
    }

    let application: String
    let version: String
    let sha256: String
    let size: Int64
    let createdAt: String
    let createdBy: String
    let metadata: Metadata

    init(_ package: Package, application: String) {
        self.application = application
        version = package.version
        sha256 = package.sha256
        size = package.size
        createdAt = RFC3339.string(package.createdAt)
        createdBy = package.createdByLogin
        let metadata = package.metadata
        self.metadata = Metadata(commit: metadata.commit, branch: metadata.branch, buildURL: metadata.buildURL, notes: metadata.notes)
    }
}
