import Core
import Foundation
import Storage
import Testing
@testable import Web

/// `capstan deploy`, `capstan rollback` and `capstan releases`, the built binary, against the real
/// app and its release engine. Hosts no agent answers for become unreachable when the app's clock
/// passes their host timeout; the releases that succeed run on a real `capstan-agent`
/// (`DeployAgentTests`).
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: Repository.capstanExecutable),
                             "needs `swift build` to have built .build/debug/capstan"))
struct DeployCommandTests {
    static let mistakes: [(arguments: [String], message: String)] = [
        (["deploy", "--app", "web", "--version", "1.0.0"], "Missing expected argument '--env <env>'"),
        (["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--strategy", #"{"batchSize":"#], "--strategy is not a strategy object"),
        (["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--strategy", #"{"batchsize":"25%"}"#], #"--strategy has no key "batchsize""#),
        (["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--strategy", #"{"maxParallel":0}"#], "strategy.maxParallel must be 1 to 10000"),
        (["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--wait-timeout", "5"], "--wait-timeout needs --wait"),
        (["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--wait", "--wait-timeout", "0"], "--wait-timeout must be a positive"),
        (["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--machine", "web-1"], "--machine"),
        (["rollback", "--app", "web"], "Missing expected argument '--env <env>'"),
        (["releases", "show", "latest"], "The value 'latest' is invalid for '<id>'"),
        (["releases", "list", "--state", "running,done"], "--state done is not one of awaitingApproval, running"),
        (["releases", "abort"], "Missing expected argument '<id>'"),
    ]

    @Test("usage mistakes exit 64 with a message, before anything is sent", arguments: mistakes)
    func usageMistakes(_ arguments: [String], message: String) async throws {
        // Port 9 (discard) on loopback: nothing listens, so a request would fail with 1, not 64.
        let result = try await ChildProcess.run(arguments, environment: ["CAPSTAN_URL": "http://127.0.0.1:9", "CAPSTAN_TOKEN": "t"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("no token is a usage mistake too")
    func noToken() async throws {
        let result = try await ChildProcess.run(["deploy", "--app", "web", "--version", "1.0.0", "--env", "production"],
                                                environment: ["CAPSTAN_URL": "http://127.0.0.1:9"])
        #expect(result.status == 64)
        #expect(result.stderr == "capstan: no token: pass --token or set CAPSTAN_TOKEN\n")
    }

    @Test("an unknown version, application or machine, or an environment without machines, is refused saying so")
    func refusals() async throws {
        try await withRunningApp { app in
            let scene = try await ReleaseScene.make(in: app)
            let deploy = ["deploy", "--app", "web", "--version", "1.0.0", "--env", "production"]
            let cases: [(arguments: [String], status: Int32, message: String)] = [
                (["deploy", "--app", "web", "--version", "9.9.9", "--env", "production"], 1, "capstan: 404 notFound: web has no version 9.9.9\n"),
                (["deploy", "--app", "nope", "--version", "1.0.0", "--env", "production"], 1, "capstan: 404 notFound: no application named nope\n"),
                (["deploy", "--app", "web", "--version", "1.0.0", "--env", "empty"], 1,
                 "capstan: 422 invalid: there are no active machines of web's group in empty\n"),
                (deploy + ["--machine", "424242"], 1, "capstan: 422 invalid: machines 424242 are not active machines of web's group in production\n"),
                (["rollback", "--app", "web", "--env", "production"], 1, "capstan: web was never released to production; there is nothing to roll back\n"),
                (["releases", "list", "--app", "nope"], 1, "capstan: 422 invalid: no application named nope\n"),
                (["releases", "show", "424242"], 1, "capstan: 404 notFound: no release with id 424242\n"),
            ]
            for (arguments, status, message) in cases {
                let result = try await scene.capstan(arguments)
                #expect(result.status == status, "\(arguments): \(result.stderr)")
                #expect(result.stderr == message, "\(arguments)")
                #expect(result.stdout.isEmpty, "\(arguments)")
            }
            #expect(try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }.isEmpty)
        }
    }

    @Test("without --wait, deploy prints the release and exits 0; a second one while it runs is a conflict (3)")
    func deployWithoutWaiting() async throws {
        try await withRunningApp { app in
            let scene = try await ReleaseScene.make(in: app, machines: 2)
            let started = try await scene.capstan(["deploy", "--app", "web", "--version", "1.0.0", "--env", "production",
                                                   "--machine", String(scene.machines[1])])
            #expect(started.status == 0, "\(started.stderr)")
            let release = try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }
            try #require(release.count == 1)
            #expect(started.stdout == "release \(release[0].id): web 1.0.0 → production, running\n")
            let hosts = try await app.store.read { db in try db.releaseHosts(releaseID: release[0].id) }
            #expect(hosts.map(\.job.machineID) == [scene.machines[1]], "--machine narrows the targets")

            let second = try await scene.capstan(["deploy", "--app", "web", "--version", "2.0.0", "--env", "production"])
            #expect(second.status == 3)
            #expect(second.stderr.contains("409 conflict: release \(release[0].id) (web 1.0.0 to production) is still running"), "\(second.stderr)")

            let listed = try await scene.capstan(["releases", "list", "--app", "web", "--env", "production"])
            #expect(listed.status == 0, "\(listed.stderr)")
            let lines = listed.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("ID  APP  VERSION  ENV         STATE    BY  CREATED") == true, "\(listed.stdout)")
            #expect(lines.count == 2 && lines[1].hasPrefix("\(release[0].id)   web  1.0.0    production  running  ci"), "\(listed.stdout)")
        }
    }

    @Test("deploy --wait prints progress and exits 10 when hosts fail; retry, abort and rollback act on it")
    func waitForFailure() async throws {
        try await withRunningApp { app in
            let scene = try await ReleaseScene.make(in: app)
            let waiter = try scene.start(["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--wait",
                                          "--strategy", #"{"hostTimeout":10}"#])
            let release = try await scene.newestRelease { _, hosts in hosts.first?.job.state == .queued }
            // No agent answers: past the host timeout the engine's sweep marks the host unreachable.
            app.clock.advance(by: 11)
            let status = await waiter.exitStatus(limit: .seconds(60))
            #expect(status == 10, "\(waiter.stderr)")
            let lines = waiter.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "release \(release.id): web 1.0.0 → production, running", "\(waiter.stdout)")
            #expect(lines.dropFirst().first == "running  batch 1/1  succeeded 0/1  failed 0  unreachable 0", "\(waiter.stdout)")
            #expect(lines.last == "release \(release.id): web 1.0.0 → production, failed: failure limit of 0 passed: 1 host failed; "
                        + "no host had been switched, nothing to roll back", "\(waiter.stdout)")
            #expect(waiter.stderr == "capstan: release \(release.id) failed\n")

            let shown = try await scene.capstan(["releases", "show", String(release.id)])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("failed  batch 1/1  succeeded 0/1  failed 0  unreachable 1\nrequested by ci at "), "\(shown.stdout)")
            let json = try await scene.capstan(["releases", "show", String(release.id), "--json"])
            #expect(json.stdout.contains(#""state":"failed""#) && json.stdout.contains(#""unreachable":1"#), "\(json.stdout)")

            let retried = try await scene.capstan(["releases", "retry", String(release.id)])
            #expect(retried.status == 0, "\(retried.stderr)")
            #expect(retried.stdout == "release \(release.id): web 1.0.0 → production, running: retrying 1 host\n")
            let aborted = try await scene.capstan(["releases", "abort", String(release.id)], token: scene.aliceToken)
            #expect(aborted.status == 0, "\(aborted.stderr)")
            #expect(aborted.stdout.hasPrefix("release \(release.id): web 1.0.0 → production, "), "\(aborted.stdout)")
            #expect(aborted.stdout.hasSuffix(": aborted by alice\n"), "\(aborted.stdout)")
            let final = try await scene.newestRelease { release, _ in release.isFinished }
            #expect(final.state == .aborted)

            let rollback = try await scene.capstan(["rollback", "--app", "web", "--env", "production"])
            #expect(rollback.status == 3, "nothing was switched, so there is nothing to return to: \(rollback.stderr)")
            #expect(rollback.stdout == "rolling back release \(release.id): web 1.0.0 → production, aborted: aborted by alice\n")
            #expect(rollback.stderr.contains("409 conflict: no host of release \(release.id) has an earlier release of web"), "\(rollback.stderr)")
        }
    }

    @Test("--wait on a release awaiting approval exits 13 at the timeout; approve, pause, resume and abort --stop, a waiter exits 12")
    func approvalAndAbort() async throws {
        try await withRunningApp { app in
            let scene = try await ReleaseScene.make(in: app, needsApproval: true)
            let waited = try await scene.capstan(["deploy", "--app", "web", "--version", "1.0.0", "--env", "production", "--wait", "--wait-timeout", "1"])
            #expect(waited.status == 13, "\(waited.stderr)")
            let release = try await scene.newestRelease { _, _ in true }
            #expect(waited.stdout == """
                release \(release.id): web 1.0.0 → production, awaitingApproval
                awaitingApproval  batch 1/1  succeeded 0/1  failed 0  unreachable 0

                """)
            #expect(waited.stderr.hasPrefix("capstan: release \(release.id) still awaits approval after 1 s"), "\(waited.stderr)")
            let id = String(release.id)

            let own = try await scene.capstan(["releases", "approve", id])
            #expect(own.status == 1)
            #expect(own.stderr.contains("403 forbidden: you requested this release"), "\(own.stderr)")

            let follower = try scene.start(["releases", "show", id, "--wait", "--wait-timeout", "60"])
            _ = try await follower.waitForStandardOutput(containing: "requested by ci")
            let approved = try await scene.capstan(["releases", "approve", id], token: scene.aliceToken)
            #expect(approved.status == 0, "\(approved.stderr)")
            #expect(approved.stdout == "release \(id): web 1.0.0 → production, running\n")
            let paused = try await scene.capstan(["releases", "pause", id])
            #expect(paused.stdout == "release \(id): web 1.0.0 → production, paused: paused by ci\n", "\(paused.stderr)")
            let resumed = try await scene.capstan(["releases", "resume", id])
            #expect(resumed.stdout == "release \(id): web 1.0.0 → production, running\n", "\(resumed.stderr)")
            let again = try await scene.capstan(["releases", "resume", id])
            #expect(again.status == 3)
            #expect(again.stderr == "capstan: 409 conflict: release \(id) is running and is not paused\n")
            let aborted = try await scene.capstan(["releases", "abort", id, "--stop"], token: scene.aliceToken)
            #expect(aborted.status == 0, "\(aborted.stderr)")

            let status = await follower.exitStatus(limit: .seconds(60))
            #expect(status == 12, "\(follower.stderr)")
            #expect(follower.stdout.hasPrefix("release \(id): web 1.0.0 → production, awaitingApproval\n"), "\(follower.stdout)")
            #expect(follower.stdout.hasSuffix("release \(id): web 1.0.0 → production, aborted: aborted by alice\n"), "\(follower.stdout)")
            #expect(follower.stderr == "capstan: release \(id) was aborted\n")
            let audit = try await app.auditRows(limit: 50).map(\.entry.action)
            #expect(["release.create", "release.approve", "release.pause", "release.resume", "release.abort"].allSatisfy(audit.contains))
        }
    }
}
