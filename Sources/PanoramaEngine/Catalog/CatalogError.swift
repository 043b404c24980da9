import PanoramaModel

/// One thing wrong in a catalog file, at the line (and column, when known) where it is.
public struct CatalogProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

/// A catalog that cannot be used: every problem found, so that one edit fixes them all.
public struct CatalogError: UserFacingError, Equatable {
    /// The file as the user named it.
    public var file: String
    public var problems: [CatalogProblem]

    public var userMessage: String {
        if problems.count == 1, problems[0].line == 0 {
            return "Cannot read the tag catalog \(file): \(problems[0].message)."
        }
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "The tag catalog \(file) has \(count):\n"
            + problems.map { "  \(file):\($0.line):\($0.column): \($0.message)" }.joined(separator: "\n")
    }
}
