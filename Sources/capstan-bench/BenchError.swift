/// A failure explained to the user in one sentence; ArgumentParser prints it and exits with 1.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
