import Foundation

/// Why a client command failed, worded for a CI log: `409 conflict: version 1.4.2 of web already exists with other bytes`.
///
/// The executable prints `capstan: ` and the description to standard error and exits with `exitCode`.
public struct ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A missing or bad flag or setting (exit 64, like argument-parser's own usage errors).
        case usage
        /// The package file cannot be read.
        case file
        /// The server could not be reached or stopped answering.
        case connection
        /// The server answered with an error status; `code` is the `error.code` it sent, if any.
        case server(status: Int, code: String?)
        /// The server answered something this client cannot read.
        case response
        /// The server has nothing the command can act on, e.g. no release to roll back.
        case missing
    }

    public var kind: Kind
    public var message: String
    /// The input field the server's message is about, when it named one.
    public var field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var description: String {
        guard case .server(let status, let code) = kind else { return message }
        return code.map { "\(status) \($0): \(message)" } ?? "HTTP \(status): \(message)"
    }

    /// 1 for most failures, 64 for usage (`EX_USAGE`, as argument-parser exits for a bad flag), 3 when
    /// the version already exists with other bytes, so CI scripts can tell a re-push of a different
    /// build from an outage.
    public var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .server(status: 409, _): 3
        default: 1
        }
    }
}

extension ClientError {
    /// The error a server answer with `status` and `body` stands for: the API's
    /// `{"error":{"code","message","field"}}` when it is that, else the status and the start of the body.
    static func from(status: Int, body: Data, url: URL) -> ClientError {
        if let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: body) {
            return ClientError(.server(status: status, code: envelope.error.code), envelope.error.message,
                               field: envelope.error.field)
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let detail = text.isEmpty ? "no error details" : text
        return ClientError(.server(status: status, code: nil), "\(detail) (\(url.absoluteString))")
    }

    /// The failure of a request to `url` that got no HTTP answer, naming the URL.
    static func connection(_ error: any Error, url: URL) -> ClientError {
        let reason: String
        switch (error as? URLError)?.code {
        case .timedOut?: reason = "timed out"
        case .cannotConnectToHost?: reason = "connection refused"
        case .cannotFindHost?, .dnsLookupFailed?: reason = "host not found"
        default: reason = (error as? URLError)?.localizedDescription ?? "\(error)"
        }
        return ClientError(.connection, "cannot reach \(url.absoluteString): \(reason)")
    }
}

/// The API's error body.
private struct ErrorEnvelope: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
        var field: String?
    }
    var error: Detail
}
