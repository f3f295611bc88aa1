import Glibc

/// The simulator's lines to its parent: stdout goes to a file, so each line is flushed at once.
enum FleetOutput {
    static func emit(_ line: String) {
        print(line)
        fflush(nil)  // every stream: stdout is a global Swift 6 will not touch
    }
}
