import Core
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The agent's side of the agent protocol over URLSession: JSON bodies in `AgentWire`'s encoding,
/// the agent's bearer token on every call but enrollment, and every failure turned into an
/// `AgentError` (5xx and connection errors are `unreachable`, 401 is `unauthorized`).
public final class AgentClient: Sendable {
    public let server: URL
    private let token: String?
    let session: URLSession

    public init(server: URL, token: String?) {
        self.server = server
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        configuration.httpMaximumConnectionsPerHost = 8
        session = URLSession(configuration: configuration)
    }

    /// Parses `--server`: an absolute http or https URL, without a trailing slash.
    public static func serverURL(_ text: String) throws(AgentError) -> URL {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host?.isEmpty == false else {
            throw .state("--server must be an http:// or https:// URL, not \(text)")
        }
        return url
    }

    func request(_ path: String, method: String = "GET", timeout: TimeInterval = 30) -> URLRequest {
        var request = URLRequest(url: URL(string: server.absoluteString + path)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return request
    }

    /// POSTs `body` as JSON and decodes the 2xx answer.
    func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, as: Answer.Type) async throws(AgentError) -> Answer {
        var request = request(path, method: "POST")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        do { request.httpBody = try AgentWire.makeEncoder().encode(body) } catch { throw .state("cannot encode \(path): \(error)") }
        let (data, _) = try await send(request)
        return try decode(Answer.self, data, path)
    }

    /// `GET /agent/v1/jobs?wait=N`: jobs waiting for this agent, or none when the wait ended.
    func pollJobs(wait: Int, session id: String) async throws(AgentError) -> [AgentJob] {
        let wait = min(max(0, wait), AgentWire.maximumWait)
        var request = request("\(AgentWire.pathPrefix)/jobs?wait=\(wait)", timeout: TimeInterval(wait + 15))
        request.setValue(id, forHTTPHeaderField: AgentWire.sessionHeader)
        let (data, status) = try await send(request)
        if status == 204 { return [] }
        return try decode(JobsResponse.self, data, "jobs").jobs
    }

    /// Sends `request`, returning a 2xx answer's body and status.
    func send(_ request: URLRequest) async throws(AgentError) -> (Data, Int) {
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.load(request)
        } catch {
            throw .unreachable(Self.describe(error))
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        try Self.check(status: status, body: data)
        return (data, status)
    }

    static func check(status: Int, body: Data) throws(AgentError) {
        switch status {
        case 200..<300: return
        case 401: throw .unauthorized(message(in: body) ?? "HTTP 401")
        case 500..<600: throw .unreachable("HTTP \(status)" + (message(in: body).map { ": \($0)" } ?? ""))
        default: throw .rejected(status: status, message: message(in: body) ?? "HTTP \(status)")
        }
    }

    /// The message of the server's `{"error":{"code":…,"message":…}}` body, if it is one.
    static func message(in body: Data) -> String? {
        struct Envelope: Decodable { struct Detail: Decodable { var message: String }; var error: Detail }
        return try? JSONDecoder().decode(Envelope.self, from: body).error.message
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? URLError {
            return "\(error.localizedDescription) (URLError \(error.code.rawValue))"
        }
        return "\(error)"
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ what: String) throws(AgentError) -> T {
        do { return try AgentWire.makeDecoder().decode(T.self, from: data) } catch {
            throw .unreachable("the server's answer to \(what) is not what this agent expects: \(error)")
        }
    }
}
