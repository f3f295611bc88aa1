/// The text table `capstan releases list` prints: id, application, version, environment, state,
/// who asked, when, and the release's message.
public enum ReleaseTable {
    public static func render(_ releases: [ReleaseRecord]) -> String {
        TextTable.render(header: ["ID", "APP", "VERSION", "ENV", "STATE", "BY", "CREATED", "MESSAGE"], rows: releases.map { release in
            [release.id, release.application, release.version, release.environment, release.state.rawValue,
             release.requestedBy, TextTable.formatDate(release.createdAt), release.message ?? ""]
        })
    }
}
