import Glibc

/// A file descriptor opened for one upload's temporary file: exclusive creation, complete writes, fsync.
struct ArtifactFile {
    let path: String
    private let descriptor: Int32

    /// Creates `path`, failing if it already exists.
    init(creating path: String) throws(ArtifactError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system("open", path) }
        self.path = path
        self.descriptor = descriptor
    }

    /// Writes all of `bytes`, retrying short writes and EINTR.
    func write(_ bytes: [UInt8]) throws(ArtifactError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                guard errno == EINTR else { throw .system("write", path) }
                continue
            }
            offset += written
        }
    }

    /// Flushes the file to disk; a delayed ENOSPC can surface here on some file systems.
    func sync() throws(ArtifactError) {
        guard fsync(descriptor) == 0 else { throw .system("fsync", path) }
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    /// Flushes a directory, so a rename into it survives a crash.
    static func syncDirectory(_ path: String) throws(ArtifactError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("open", path) }
        defer { _ = Glibc.close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .system("fsync", path) }
    }

    /// Creates a directory, and its parents, if missing.
    static func makeDirectory(_ path: String) throws(ArtifactError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard errno == ENOENT, !parent.isEmpty else { throw .system("mkdir", path) }
        try makeDirectory(parent)
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw .system("mkdir", path) }
    }

    /// The names in a directory, without `.` and `..`.
    static func names(in path: String) throws(ArtifactError) -> [String] {
        guard let directory = opendir(path) else { throw .system("opendir", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
