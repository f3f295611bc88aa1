import HTTP
import Logging

extension Configuration {
    /// The HTTP server's settings: address, limits, and the error shape (JSON, or a page for
    /// browsers) of the answers the server gives on its own (400, 404, 405, 408, 413, 414, 431, 501, 505).
    func serverConfiguration(logger: Logger, errors: ErrorResponder) -> ServerConfiguration {
        var server = ServerConfiguration()
        server.host = host
        server.port = port
        server.limits.maxBodyBytes = maxBodyBytes
        server.limits.headerTimeout = headerTimeout
        server.limits.idleTimeout = idleTimeout
        server.limits.maxRequestLine = maxRequestLine
        server.limits.maxHeaderBytes = maxHeaderBytes
        server.limits.maxHeaderCount = maxHeaderCount
        server.limits.minBodyBytesPerSecond = minBodyBytesPerSecond
        server.shutdownGracePeriod = shutdownGrace
        server.logger = logger
        server.errorResponse = { status, message, head in errors.response(status: status, message: message, to: head) }
        return server
    }
}
