import Foundation
import Testing
@testable import Client

struct ClientErrorTests {
    let url = URL(string: "http://capstan.test/api/v1/applications/web/packages/1.4.2")!

    @Test("the API's error body becomes status, code and message")
    func apiErrorBody() {
        let body = Data(#"{"error":{"code":"conflict","message":"version 1.4.2 of web already exists with other bytes"}}"#.utf8)
        let error = ClientError.from(status: 409, body: body, url: url)
        #expect(error.description == "409 conflict: version 1.4.2 of web already exists with other bytes")
        #expect(error.exitCode == 3)
    }

    @Test func fieldIsKept() {
        let body = Data(#"{"error":{"code":"invalid","message":"bad version","field":"version"}}"#.utf8)
        let error = ClientError.from(status: 422, body: body, url: url)
        #expect(error == ClientError(.server(status: 422, code: "invalid"), "bad version", field: "version"))
        #expect(error.exitCode == 1)
    }

    @Test("a body that is not the API's (a proxy's page) shows the status, its first line and the URL")
    func foreignBody() {
        let error = ClientError.from(status: 502, body: Data("<html>Bad Gateway</html>\nnginx".utf8), url: url)
        #expect(error.description == "HTTP 502: <html>Bad Gateway</html> (\(url.absoluteString))")
    }

    @Test func connectionFailureNamesTheURL() {
        let error = ClientError.connection(URLError(.cannotConnectToHost), url: url)
        #expect(error.description == "cannot reach \(url.absoluteString): connection refused")
        #expect(error.exitCode == 1)
    }

    @Test func usageErrorsExitLikeArgumentParsers() {
        #expect(ClientError(.usage, "no token").exitCode == 64)
    }
}
