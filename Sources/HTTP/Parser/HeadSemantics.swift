/// The rules that make a syntactically valid head acceptable: Host, message framing, expectations
/// and persistence. Framing ambiguities are refused outright because they are how requests are smuggled.
enum HeadSemantics {
    static func validate(method: Method, target: String, version: Version, headers: Headers) throws(ParseError) -> RequestHead {
        let hosts = headers.values("Host")
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1; never more than one.
        if version == .http1_1, hosts.count != 1 { throw .badRequest(hosts.isEmpty ? "missing Host header" : "duplicate Host header") }
        if hosts.count > 1 { throw .badRequest("duplicate Host header") }

        let framing = try framing(headers: headers, version: version)
        let expectsContinue = try expectation(headers: headers, version: version)
        let connection = headers.tokens("Connection")
        let keepAlive = version == .http1_1
            ? !connection.contains("close")
            : connection.contains("keep-alive") && !connection.contains("close")
        return RequestHead(method: method, target: target, version: version, headers: headers,
                           framing: framing, expectsContinue: expectsContinue, keepAlive: keepAlive)
    }

    private static func framing(headers: Headers, version: Version) throws(ParseError) -> BodyFraming {
        let lengths = headers.values("Content-Length")
        let codings = headers.tokens("Transfer-Encoding").map { $0.split(separator: ";")[0].trimmingOWS() }
        if headers.contains("Transfer-Encoding") {
            // RFC 9112 §6.1: both at once is a smuggling vector; HTTP/1.0 has no transfer codings.
            guard lengths.isEmpty else { throw .badRequest("both Content-Length and Transfer-Encoding") }
            guard version == .http1_1 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            if let unknown = codings.first(where: { $0 != "chunked" }) { throw .notImplemented("unsupported transfer coding \(unknown)") }
            guard codings == ["chunked"] else { throw .badRequest("malformed Transfer-Encoding") }
            return .chunked
        }
        guard !lengths.isEmpty else { return .none }
        // RFC 9110 §8.6: a list of identical values may be accepted as one; anything else is fatal.
        var length: Int?
        for item in lengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let text = item.trimmingOWS()
            guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text) else {
                throw .badRequest("malformed Content-Length")
            }
            if let length, length != value { throw .badRequest("conflicting Content-Length values") }
            length = value
        }
        return length == 0 ? .none : .length(length!)
    }

    private static func expectation(headers: Headers, version: Version) throws(ParseError) -> Bool {
        guard let expect = headers["Expect"] else { return false }
        guard expect.trimmingOWS().lowercased() == "100-continue" else { throw .expectationFailed }
        return version == .http1_1  // RFC 9110 §10.1.1: ignore it from HTTP/1.0 clients
    }
}
