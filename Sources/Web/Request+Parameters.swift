import Core
import HTTP

extension Request {
    /// The path parameter `name` as a row id; a missing or non-numeric one is a 404, exactly like
    /// an id that names no row.
    func id(_ name: String = "id") throws(AppError) -> Int64 {
        guard let text = parameters[name], let id = Int64(text), id > 0 else {
            throw AppError(.notFound, "no such \(name == "id" ? "object" : name)")
        }
        return id
    }
}
