import ArgumentParser
import Foundation
import PanoramaBuild
import PanoramaStore

extension PanoramaExport.What: ExpressibleByArgument {}
extension PanoramaExport.Format: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every subscriber's anchors or tags as CSV or JSON lines, keyed by pseudonym.")

    @Argument(help: "The workspace.")
    var workspace: String

    @Option(help: "What to export: anchors or tags.")
    var what: PanoramaExport.What

    @Option(help: "csv or jsonl.")
    var format: PanoramaExport.Format = .csv

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Flag(help: "Key rows by the full subscriber number instead of the pseudonym (for authorized joins only).")
    var reveal = false

    @Flag(help: "Tags: include expired and ended tags, with their status.")
    var history = false

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let export = PanoramaExport(reader: try PanoramaReader(workspace: opened))
        let rows = try OutputFile.write(to: out, holdingNumbers: reveal) { write in
            try export.write(what, format: format, reveal: reveal, includeHistory: history, emit: write)
        }
        if let out { FileHandle.standardError.write(Data("Wrote \(rows) \(what.rawValue) rows to \(out).\n".utf8)) }
    }
}
