/// A failure of a command that is not a misuse of its options: printed as one sentence,
/// without the usage text that ArgumentParser adds to validation errors.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
