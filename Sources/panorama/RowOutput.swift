import ArgumentParser
import Foundation
import PanoramaStore

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, jsonl
}

/// The options of commands that list customers or moments: a table for people, or one row
/// each as CSV or JSON lines, keyed by pseudonym unless numbers are asked for.
struct RowOutput: ParsableArguments {
    @Option(help: "table (a summary for people), csv or jsonl (one row each).")
    var format: OutputFormat = .table

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Flag(help: "Key rows by the full subscriber number instead of the pseudonym (for authorized joins only).")
    var reveal = false

    /// How each subscriber is named: masked in a table, by pseudonym in rows, or by full
    /// number with `--reveal`.
    func keys(_ workspace: Workspace) throws -> [UInt32: String] {
        let all = try workspace.allSubscriberKeys()
        if reveal && format != .table { return try workspace.revealNumbers(of: all.map(\.index)) }
        var keys: [UInt32: String] = [:]
        for key in all { keys[key.index] = format == .table ? key.masked : key.pseudonym }
        return keys
    }

    /// Writes through `body`; says on standard error how many rows went to `--out`.
    func write(noun: String, _ body: (_ write: (String) -> Void) throws -> Int) throws {
        let rows = try OutputFile.write(to: out, holdingNumbers: reveal && format != .table, body)
        if let out, format != .table { FileHandle.standardError.write(Data("Wrote \(rows) \(noun) to \(out).\n".utf8)) }
    }
}
