import Foundation
import Testing
import Core

/// The JSON forms of health checks and release strategies, as stored and as the API takes them.
struct ApplicationJSONTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("health checks carry a type; omitted timing and status take the defaults")
    func healthChecks() throws {
        let http = try decode(HealthCheck.self, #"{"type":"http","url":"http://127.0.0.1/healthz"}"#)
        #expect(http == .http(url: "http://127.0.0.1/healthz", expectedStatus: 200, timing: .init(interval: 10, timeout: 5, retries: 3)))
        #expect(try encode(http) == #"{"expectedStatus":200,"interval":10,"retries":3,"timeout":5,"type":"http","url":"http://127.0.0.1/healthz"}"#)
        let tcp = try decode(HealthCheck.self, #"{"type":"tcp","port":5432,"interval":2,"timeout":1,"retries":0}"#)
        #expect(tcp == .tcp(port: 5432, timing: .init(interval: 2, timeout: 1, retries: 0)))
        #expect(try decode(HealthCheck.self, try encode(tcp)) == tcp)
        let command = HealthCheck.command("pg_isready", timing: .init())
        #expect(try decode(HealthCheck.self, try encode(command)) == command)
        #expect(throws: DecodingError.self) { try decode(HealthCheck.self, #"{"type":"udp","port":1}"#) }
        #expect(throws: DecodingError.self) { try decode(HealthCheck.self, #"{"type":"tcp"}"#) }
    }

    @Test("strategies: a count, a percentage or steps; {} is the default")
    func strategies() throws {
        #expect(try decode(ReleaseStrategy.self, "{}") == ReleaseStrategy())
        #expect(try encode(ReleaseStrategy()) == #"{"autoRollback":true,"bake":null,"batchSize":"25%","byDatacenter":false,"failureLimit":0,"hostTimeout":1800,"maxParallel":10,"pause":"none"}"#)
        let steps = try decode(ReleaseStrategy.self, #"{"batchSize":[1,"10%","50%","100%"],"failureLimit":"5%","pause":"afterFirst"}"#)
        #expect(steps.batchSizes == [.count(1), .percent(10), .percent(50), .percent(100)])
        #expect(steps.failureLimit == .percent(5) && steps.pause == .afterFirst)
        #expect(try decode(ReleaseStrategy.self, try encode(steps)) == steps)
        #expect(try decode(ReleaseStrategy.self, #"{"batchSize":3}"#).batchSizes == [.count(3)])
        #expect(throws: DecodingError.self) { try decode(ReleaseStrategy.self, #"{"batchSize":"lots"}"#) }
        #expect(throws: DecodingError.self) { try decode(ReleaseStrategy.self, #"{"pause":"sometimes"}"#) }
        #expect(throws: DecodingError.self, "a misspelt key is refused, not ignored") { try decode(ReleaseStrategy.self, #"{"batchsize":"5%"}"#) }
        let baked = try decode(ReleaseStrategy.self, #"{"byDatacenter":true,"bake":600,"hostTimeout":120}"#)
        #expect(baked.byDatacenter && baked.bake == 600 && baked.hostTimeout == 120)
    }
}
