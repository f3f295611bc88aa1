import HTTP

/// One kind of export: its columns, how to read the page after a key, and how a row becomes a record.
///
/// `page(after)` reads rows with keys above `after` in key order and returns none at the end, so the
/// stream holds one page at a time whatever the length of the history.
struct ExportSource<Row: Sendable>: Sendable {
    let columns: [String]
    let page: @Sendable (_ after: Int64) async throws -> [Row]
    let key: @Sendable (Row) -> Int64
    let record: @Sendable (Row) -> [ExportValue]

    /// A streamed response of every row in `format`, downloaded as `filename`: each page is encoded
    /// and written (waiting for the client to take it) before the next is read.
    func response(format: ExportFormat, filename: String) -> Response {
        let encoder = ExportEncoder(format: format, columns: columns)
        var response = Response.stream(contentType: format.contentType) { writer in
            try await writer.write(encoder.prelude)
            var count = 0
            var after: Int64 = 0
            while true {
                let rows = try await page(after)
                guard let last = rows.last else { break }
                var bytes: [UInt8] = []
                bytes.reserveCapacity(rows.count * 256)
                for row in rows {
                    encoder.append(record(row), index: count, to: &bytes)
                    count += 1
                }
                try await writer.write(bytes)
                after = key(last)
            }
            try await writer.write(encoder.epilogue(count: count))
        }
        response.headers.add("Content-Disposition", "attachment; filename=\"\(filename).\(format.fileExtension)\"")
        response.headers.add("Cache-Control", "no-store")
        return response
    }
}
