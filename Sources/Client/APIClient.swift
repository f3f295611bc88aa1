import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The REST API as the CLI sees it: URLSession, the server and token from `ClientEnvironment`,
/// every failure turned into a `ClientError` a CI log can show.
public struct APIClient: Sendable {
    public let environment: ClientEnvironment
    /// How long a request may go without any bytes moving before it fails as a timeout.
    public let timeout: Duration
    private let session: URLSession

    public init(environment: ClientEnvironment, timeout: Duration = .seconds(60)) {
        self.environment = environment
        self.timeout = timeout
        session = URLSession(configuration: Self.makeConfiguration(timeout: timeout))
    }

    /// No cookies, no cache, and `timeout` between bytes.
    static func makeConfiguration(timeout: Duration) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.seconds
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        return configuration
    }

    /// A request for `path` (segments already escaped with `APIClient.escape`) carrying the token.
    func request(_ method: String, _ path: String, query: [URLQueryItem] = []) throws(ClientError) -> URLRequest {
        guard var components = URLComponents(string: environment.serverURL + path) else {
            throw ClientError(.usage, "cannot make a URL from \(environment.serverURL + path)", field: "server")
        }
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else {
            throw ClientError(.usage, "cannot make a URL from \(environment.serverURL + path)", field: "server")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout.seconds)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token = environment.token {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        return request
    }

    /// A request for `path` whose body is `body` as JSON.
    func request(_ method: String, _ path: String, json body: some Encodable) throws(ClientError) -> URLRequest {
        var request = try request(method, path)
        // The client's request bodies are plain structs, which always encode; a failure is a bug.
        request.httpBody = try! JSONEncoder().encode(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return request
    }

    /// Sends `request` (with the file at `file` as its body, streamed from disk, when given) and
    /// answers the body of a 2xx response with its status; any other answer becomes a `ClientError`.
    func send(_ request: URLRequest, file: URL? = nil) async throws(ClientError) -> (body: Data, status: Int) {
        let url = request.url!
        let data: Data
        let response: URLResponse
        do {
            if let file {
                (data, response) = try await session.upload(for: request, fromFile: file)
            } else {
                (data, response) = try await session.data(for: request)
            }
        } catch {
            throw ClientError.connection(error, url: url)
        }
        guard let http = response as? HTTPURLResponse else {
            throw ClientError(.response, "\(url.absoluteString) did not answer over HTTP")
        }
        guard (200..<300).contains(http.statusCode) else {
            throw ClientError.from(status: http.statusCode, body: data, url: url)
        }
        return (data, http.statusCode)
    }

    /// `body` decoded as `T`; a body that is not one is a `.response` error naming the URL.
    func decode<T: Decodable>(_ type: T.Type, from body: Data, url: URL?) throws(ClientError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw ClientError(.response, "unexpected answer from \(url?.absoluteString ?? "the server"): \(error)")
        }
    }

    /// `text` escaped for one URL path segment or header value: everything but RFC 3986's unreserved
    /// characters is percent-encoded UTF-8.
    public static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
