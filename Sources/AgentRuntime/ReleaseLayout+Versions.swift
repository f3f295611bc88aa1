import Foundation

extension ReleaseLayout {
    private var versions: String { "\(root)/.versions" }

    /// Remembers which package version `releases/<id>` holds, so a later stop command of that
    /// release gets the right `CAPSTAN_VERSION`.
    func recordVersion(_ version: String, of id: Int64) {
        try? AtomicFile.makeDirectory(versions, mode: 0o755)
        try? AtomicFile.write(Data(version.utf8), to: "\(versions)/\(id)", mode: 0o644)
    }

    func version(of id: Int64) -> String? {
        try? String(contentsOfFile: "\(versions)/\(id)", encoding: .utf8)
    }
}
