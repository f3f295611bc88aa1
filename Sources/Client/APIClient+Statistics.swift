import Foundation

extension APIClient {
    /// `GET /api/v1/stats` with the filters given; the record and the body as it came.
    public func statistics(group: String? = nil, application: String? = nil, environment: String? = nil, from: String? = nil,
                           to: String? = nil) async throws(ClientError) -> (record: StatisticsRecord, json: Data) {
        let query = [("group", group), ("application", application), ("environment", environment), ("from", from), ("to", to)]
            .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        let request = try request("GET", "/api/v1/stats", query: query)
        let (body, _) = try await send(request)
        return (try decode(StatisticsRecord.self, from: body, url: request.url), body)
    }
}
