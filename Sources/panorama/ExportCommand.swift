import ArgumentParser
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
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
        if let out {
            let url = URL(fileURLWithPath: out)
            let staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
            guard FileManager.default.createFile(atPath: staging.path, contents: nil) , let handle = FileHandle(forWritingAtPath: staging.path) else {
                throw CommandFailure("Cannot write \(out): check that its directory exists and is writable.")
            }
            let rows: Int
            do {
                rows = try export.write(what, format: format, reveal: reveal, includeHistory: history) { handle.write(Data($0.utf8)) }
                try handle.close()
                if rename(staging.path, url.path) != 0 {
                    throw CommandFailure("Cannot write \(out): \(String(cString: strerror(errno))).")
                }
            } catch {
                try? FileManager.default.removeItem(at: staging)
                throw error
            }
            FileHandle.standardError.write(Data("Wrote \(rows) \(what.rawValue) rows to \(out).\n".utf8))
        } else {
            try export.write(what, format: format, reveal: reveal, includeHistory: history) { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}
