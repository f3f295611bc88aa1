import HTTP
import Logging

extension Configuration {
    /// The HTTP server's settings: address, limits, and the JSON error shape for the answers the
    /// server gives on its own (400, 404, 405, 408, 413, 414, 431, 501, 505).
    func serverConfiguration(logger: Logger) -> ServerConfiguration {
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
        server.errorResponse = { status, message, _ in ErrorMapping.response(status: status, message: message) }
        return server
    }
}
