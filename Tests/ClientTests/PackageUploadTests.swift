import Core
import Foundation
import Testing
@testable import Client

struct PackageUploadTests {
    @Test func missingFileIsNamed() {
        #expect(throws: ClientError(.file, "no such file: build/missing.tar.gz")) {
            try PackageUpload(application: "web", version: "1", file: "build/missing.tar.gz", metadata: PackageMetadata())
        }
    }

    @Test func directoryIsRefused() {
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: ClientError(.file, "\(directory) is a directory, not a package file")) {
            try PackageUpload(application: "web", version: "1", file: directory, metadata: PackageMetadata())
        }
    }
}
