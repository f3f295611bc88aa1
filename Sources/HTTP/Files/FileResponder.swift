import Glibc

/// Answers a GET or HEAD for one file on disk: validators (`ETag`, `Last-Modified`), conditional
/// requests (304, `If-Range`), single byte ranges (206, 416) and sendfile for the bytes.
public enum FileResponder {
    /// Facts about a regular file, from one `stat`.
    public struct FileInfo: Sendable {
        public let size: Int64
        public let modified: Int
        /// A strong validator from size and modification time, unless the caller supplies its own.
        public let etag: String
    }

    public static func info(path: String) -> FileInfo? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let nanoseconds = Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec)
        let etag = "\"\(String(status.st_size, radix: 16))-\(String(nanoseconds, radix: 16))\""
        return FileInfo(size: Int64(status.st_size), modified: Int(status.st_mtim.tv_sec), etag: etag)
    }

    /// The response for `request` serving the file at `path`; `etag` overrides the computed validator.
    public static func respond(to request: Request, path: String, contentType: String, etag: String? = nil,
                               cacheControl: String? = nil, inlineLimit: Int = 0) -> Response? {
        guard let info = info(path: path) else { return nil }
        let etag = etag ?? info.etag
        var headers: Headers = ["Content-Type": contentType, "ETag": etag, "Last-Modified": HTTPDate.format(info.modified), "Accept-Ranges": "bytes"]
        if let cacheControl { headers.add("Cache-Control", cacheControl) }
        if isNotModified(request, etag: etag, modified: info.modified) {
            headers.remove("Content-Type")
            return Response(status: .notModified, headers: headers)
        }
        let rangeHeader = rangeApplies(request, etag: etag, modified: info.modified) ? request.headers["Range"] : nil
        switch ByteRange.resolve(rangeHeader, size: info.size) {
        case .full:
            if info.size <= Int64(inlineLimit), let bytes = readAll(path, size: info.size) {
                return Response(status: .ok, headers: headers, body: .bytes(bytes))
            }
            return Response(status: .ok, headers: headers, body: .file(FileRegion(path: path, offset: 0, length: info.size)))
        case .partial(let offset, let length):
            headers.add("Content-Range", "bytes \(offset)-\(offset + length - 1)/\(info.size)")
            return Response(status: .partialContent, headers: headers, body: .file(FileRegion(path: path, offset: offset, length: length)))
        case .unsatisfiable:
            return Response(status: .rangeNotSatisfiable, headers: ["Content-Range": "bytes */\(info.size)"])
        }
    }

    /// RFC 9110 §13.1.2 and §13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since.
    static func isNotModified(_ request: Request, etag: String, modified: Int) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        if let condition = request.headers["If-None-Match"] {
            return condition.trimmingOWS() == "*" || condition.split(separator: ",").contains { weakEqual($0.trimmingOWS(), etag) }
        }
        if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse) {
            return modified <= since
        }
        return false
    }

    /// RFC 9110 §13.1.5: a Range is honoured only while If-Range still matches (strong comparison).
    private static func rangeApplies(_ request: Request, etag: String, modified: Int) -> Bool {
        guard let condition = request.headers["If-Range"]?.trimmingOWS() else { return true }
        if condition.hasPrefix("\"") { return condition == etag && !etag.hasPrefix("W/") }
        return HTTPDate.parse(condition) == modified
    }

    private static func weakEqual(_ a: String, _ b: String) -> Bool {
        func opaque(_ tag: String) -> Substring { tag.hasPrefix("W/") ? tag.dropFirst(2) : Substring(tag) }
        return opaque(a) == opaque(b)
    }

    private static func readAll(_ path: String, size: Int64) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }
}
