import Core
import HTTP

/// A package's bytes as a file response (`ETag` = its SHA-256, `Range`, sendfile), for people
/// (`PackagesAPI.download`) and agents (`AgentAPI.package`) alike.
enum PackageFileResponse {
    /// Throws `PackageFileMissing` (a 500) for a row whose file is gone.
    static func make(_ package: Package, request: Request, path: String?) throws(PackageFileMissing) -> Response {
        guard let path, let response = FileResponder.respond(to: request, path: path, contentType: "application/gzip",
                                                             etag: "\"\(package.sha256)\"") else {
            throw PackageFileMissing(package: package.id)
        }
        return response
    }
}
