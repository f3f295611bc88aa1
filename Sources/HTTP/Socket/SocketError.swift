import Glibc

/// A failed system call, with the call's name and the `errno` captured where it failed.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    public let call: String
    public let code: Int32

    init(call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    public var description: String { "\(call) failed: \(String(cString: strerror(code))) (errno \(code))" }
}

/// Why a task waiting on a file descriptor was resumed.
enum Wake: Sendable {
    case ready, timedOut, shutdown
}
