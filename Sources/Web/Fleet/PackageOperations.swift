import Core
import Foundation
import HTTP
import Storage
import Synchronization

/// Package uploads and reads that the API and the pages share. Uploading needs `deploy` in the
/// application's group, reading `view`; a hidden application answers like a missing one.
///
/// An upload streams the body into the artifact store (never held in memory), then writes the row
/// and its audit entry in one transaction. Re-sending a version with the same bytes changes nothing,
/// so CI can retry; other bytes under an existing version are refused (409).
struct PackageOperations: Sendable {
    static let maxLimit = 500

    let store: Store
    let artifacts: ArtifactStore
    let now: @Sendable () -> Date
    /// Uploads between their first byte and their row; a refused upload's file is deleted only when
    /// no other upload is in flight, since that one may have just placed the same bytes.
    let uploads = UploadCounter()

    /// What an upload did: `created` is false when the same version and bytes already existed.
    struct Outcome: Sendable {
        var package: Package
        var created: Bool
    }

    func upload(application name: String, version: String, metadata: PackageMetadata, expectedSHA256: String?,
                body: RequestBody, caller: Caller) async throws -> Outcome {
        try Package.validate(version: version)
        try metadata.validate()
        let application = try await application(named: name, .deploy, caller)
        uploads.enter()
        defer { uploads.leave() }
        let stored = try await receive(body, expectedSHA256: expectedSHA256)
        let now = now()
        let draft = PackageDraft(applicationID: application.id, version: version, sha256: stored.sha256.hex, size: Int64(stored.size),
                                 storagePath: "artifacts/sha256/\(stored.sha256.hex.prefix(2))/\(stored.sha256.hex)",
                                 metadata: metadata, createdBy: caller.user.id)
        do {
            return try await store.write { db in
                if let existing = try db.package(of: application.id, version: version) {
                    guard existing.sha256 == draft.sha256 else {
                        throw AppError(.conflict, "version \(version) of \(name) already exists with other contents (sha256 \(existing.sha256))",
                                       field: "version")
                    }
                    return Outcome(package: existing, created: false)
                }
                let package = try db.insertPackage(draft, now: now)
                try db.appendAudit(caller.auditEntry(
                    at: now, action: "package.upload", targetType: "package", targetID: String(package.id),
                    detail: ["application": .string(name), "version": .string(version), "sha256": .string(package.sha256),
                             "size": .int(package.size)]))
                return Outcome(package: package, created: true)
            }
        } catch {
            await discard(stored.sha256)
            throw error
        }
    }

    /// The application when the caller may do `action` to it.
    func application(named name: String, _ action: Action, _ caller: Caller) async throws -> Application {
        try await store.read { db in
            let application = try db.application(named: name)
            try caller.principal.require(action, in: application.groupID, orNotFound: AppError(.notFound, "no application named \(name.prefix(64))"))
            return application
        }
    }

    func list(application name: String, caller: Caller, after cursor: String? = nil, limit: Int = 100) async throws -> PackagePage {
        let application = try await application(named: name, .view, caller)
        let after = try cursor.map { text throws(AppError) in
            guard let id = Int64(text) else { throw AppError(.invalid, "cursor is not one this server gave", field: "cursor") }
            return id
        }
        return try await store.read { db in try db.packages(of: application.id, after: after, limit: limit) }
    }

    /// Where each version runs now, per environment (`Database.deployments`).
    func deployments(application name: String, caller: Caller) async throws -> [Deployment] {
        let application = try await application(named: name, .view, caller)
        return try await store.read { db in try db.deployments(applicationID: application.id) }
    }

    func package(application name: String, version: String, caller: Caller) async throws -> Package {
        let application = try await application(named: name, .view, caller)
        guard let package = try await store.read({ db in try db.package(of: application.id, version: version) }) else {
            throw AppError(.notFound, "no version \(version.prefix(64)) of \(name)")
        }
        return package
    }

    /// Where a package's bytes are, from its validated digest (never from the stored path text).
    func file(of package: Package) -> String? {
        artifacts.path(of: package)
    }

    /// Streams the body into a new upload; any failure (the client went away, 413, a refused
    /// archive, a full disk) leaves no file behind.
    private func receive(_ body: RequestBody, expectedSHA256: String?) async throws -> StoredArtifact {
        let upload = try artifacts.beginUpload()
        do {
            for try await chunk in body {
                try upload.write(chunk)
            }
            return try upload.finish(expectedSHA256: expectedSHA256)
        } catch {
            upload.abandon()
            throw error
        }
    }

    /// Deletes a file no row uses, unless another upload in flight may be about to use it.
    private func discard(_ sha256: ArtifactDigest) async {
        guard uploads.isAlone else { return }
        _ = try? await store.write { db in
            if try !db.isArtifactInUse(sha256: sha256.hex) { try artifacts.delete(sha256: sha256) }
        }
    }
}

/// How many uploads are in flight, for `PackageOperations.discard`.
final class UploadCounter: Sendable {
    private let count = Mutex(0)

    func enter() { count.withLock { $0 += 1 } }
    func leave() { count.withLock { $0 -= 1 } }
    /// True when only the caller's own upload is in flight.
    var isAlone: Bool { count.withLock { $0 <= 1 } }
}
