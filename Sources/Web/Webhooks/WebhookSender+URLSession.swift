import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension WebhookSender {
    /// The transport the server uses: URLSession (libcurl on Linux, so `https` works), with a
    /// timeout per attempt and no cookies or cache. The completion-handler API, not `data(for:)`,
    /// which could deadlock when cancelled on FoundationNetworking (see AgentRuntime's URLSession+Load).
    static func urlSession(timeout: TimeInterval) -> Transport {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        return { request in
            try await withCheckedThrowingContinuation { continuation in
                session.dataTask(with: request) { data, response, error in
                    if let error { return continuation.resume(throwing: error) }
                    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                    continuation.resume(returning: (status, data ?? Data()))
                }.resume()
            }
        }
    }
}
