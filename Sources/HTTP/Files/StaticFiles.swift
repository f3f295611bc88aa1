import Glibc

/// Serves a directory (`Public/`) under a route's wildcard, refusing anything that resolves outside it.
public struct StaticFiles: Sendable {
    private let root: String
    private let cacheControl: String
    private let compressed = CompressedCache()

    /// The root directory does not exist or cannot be resolved.
    public struct MissingRoot: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "static files directory \(path) does not exist" }
    }

    /// `root` must exist; it is resolved once so symlinks cannot be used to leave it.
    public init(root: String, cacheControl: String = "public, max-age=300") throws {
        guard let resolved = realpath(root, nil) else { throw MissingRoot(path: root) }
        defer { free(resolved) }
        self.root = String(cString: resolved)
        self.cacheControl = cacheControl
    }

    /// A handler for a route like `/static/*path`.
    public func handler(parameter: String = "path") -> Handler {
        { request in
            guard let relative = request.parameters[parameter], let response = respond(to: request, relative: relative) else {
                throw HTTPError(.notFound, "no such file")
            }
            return response
        }
    }

    public func respond(to request: Request, relative: String) -> Response? {
        guard let path = resolve(relative) else { return nil }
        let contentType = MediaType.forPath(path)
        guard var response = FileResponder.respond(to: request, path: path, contentType: contentType,
                                                   cacheControl: cacheControl, inlineLimit: 1 << 20) else { return nil }
        if Compressibility.isText(contentType) { response.headers.add("Vary", "Accept-Encoding") }
        guard response.status == .ok, case .bytes(let original) = response.body, original.count >= 1024,
              Compressibility.isText(contentType), Compressibility.acceptsGzip(request.headers["Accept-Encoding"]),
              let etag = response.headers["ETag"],
              let gzipped = compressed.compressed(path: path, etag: etag, original: { original }) else { return response }
        response.body = .bytes(gzipped)
        response.headers.add("Content-Encoding", "gzip")
        response.headers["ETag"] = "W/" + etag  // another representation: the strong validator does not carry over
        return response
    }

    /// The absolute path for `relative`, or nil when it is hidden, malformed or escapes the root.
    func resolve(_ relative: String) -> String? {
        let segments = relative.split(separator: "/")
        guard !segments.isEmpty, !segments.contains(where: { $0.hasPrefix(".") || $0.contains("\0") }) else { return nil }
        guard let resolved = realpath(root + "/" + segments.joined(separator: "/"), nil) else { return nil }
        defer { free(resolved) }
        let path = String(cString: resolved)
        return path.hasPrefix(root + "/") ? path : nil
    }
}

/// Content types by file extension for the files Capstan serves.
public enum MediaType {
    private static let types: [String: String] = [
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "html": "text/html; charset=utf-8",
        "json": "application/json", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
        "ico": "image/x-icon", "txt": "text/plain; charset=utf-8", "woff2": "font/woff2", "map": "application/json",
        "gz": "application/gzip", "tgz": "application/gzip", "webp": "image/webp",
    ]

    public static func forPath(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "application/octet-stream" }
        return types[path[path.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
