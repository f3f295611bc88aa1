import Foundation

/// One numbered SQL file of the migrations directory, such as `0007-add-release-notes.sql`.
struct MigrationFile: Sendable, Equatable {
    let name: String
    let number: Int
    let url: URL

    init(name: String, in directory: URL) throws(MigrationError) {
        // `[0-9]`, not `\d`, which would also accept digits of other scripts.
        guard name.wholeMatch(of: /[0-9]{4}-[a-z0-9-]+\.sql/) != nil, let number = Int(name.prefix(4)) else {
            throw .badFileName(name)
        }
        self.name = name
        self.number = number
        url = directory.appendingPathComponent(name, isDirectory: false)
    }

    /// The migration files of `directory`, by number. Hidden files and `.md` notes are skipped; any
    /// other name must match, so a misnamed migration is reported rather than silently left out.
    static func list(in directory: URL) throws(MigrationError) -> [MigrationFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadable(path: directory.path, reason: error.localizedDescription)
        }
        var files: [MigrationFile] = []
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix(".md") {
            files.append(try MigrationFile(name: name, in: directory))
        }
        for (previous, file) in zip(files, files.dropFirst()) where previous.number == file.number {
            throw .duplicateNumber(previous.name, file.name)
        }
        return files
    }

    func contents() throws(MigrationError) -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
    }
}
