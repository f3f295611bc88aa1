import Foundation
import Glibc
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension APIClient {
    /// Streams an export into `fd` (standard output for the CLI) as it arrives; returns the bytes
    /// written. An error answer (a bad date, an unknown application, no permission) becomes the
    /// `ClientError` it stands for and writes nothing; a connection lost midway is a `.connection`
    /// error, so the caller knows the output is cut short.
    public func export(_ export: ExportRequest, into fd: Int32 = STDOUT_FILENO) async throws(ClientError) -> Int64 {
        var request = try request("GET", export.path, query: export.query)
        request.setValue("*/*", forHTTPHeaderField: "Accept")
        let url = request.url!
        let answer: (status: Int, written: Int64, body: Data)
        do {
            answer = try await ExportDownload.fetch(request, into: fd, configuration: Self.makeConfiguration(timeout: timeout))
        } catch let failure as ExportWriteFailure {
            throw ClientError(.file, "cannot write the export: \(String(cString: strerror(failure.errno)))")
        } catch {
            throw ClientError.connection(error, url: url)
        }
        guard (200..<300).contains(answer.status) else {
            throw ClientError.from(status: answer.status, body: answer.body, url: url)
        }
        return answer.written
    }
}
