import ArgumentParser
import Foundation
import PanoramaIngest
import PanoramaStore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load an input directory of CSV files (see docs/data-contracts.md) into a workspace.",
        discussion: """
            The ingest commits whole or not at all. Rejected rows are listed with file, line and \
            reason in <workspace>/rejects/; if a file's rejected share exceeds the threshold, \
            nothing is loaded and the reports are in <workspace>/rejects/last-failed/.
            """)

    @Argument(help: "The workspace.")
    var workspace: String

    @Argument(help: "Directory with the input files (.csv or .csv.gz).")
    var input: String

    @Option(parsing: .unconditional, help: "Largest share of a file's rows that may be rejected (0 to 1); default from the workspace.")
    var maxRejected: Double?

    @Option(parsing: .unconditional, help: "Threads parsing record files (default: one per core).")
    var workers: Int?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        if let maxRejected, !(0...1).contains(maxRejected) {
            throw ValidationError("--max-rejected must be between 0 and 1, e.g. 0.01 for 1%.")
        }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
    }

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let report = try Ingest.run(
            workspace: opened, input: URL(fileURLWithPath: input),
            options: Ingest.Options(maxRejectedShare: maxRejected, workers: workers),
            progress: TerminalProgress())
        if json {
            print(try JSONText.encode(report))
        } else {
            print(IngestSummary.text(report))
        }
    }
}

/// The plain-text ending of an ingest.
enum IngestSummary {
    static func text(_ report: Ingest.Report) -> String {
        var lines: [String] = []
        let rows = report.files.map(\.read).reduce(0, +)
        let rejected = report.files.map(\.rejected).reduce(0, +)
        lines.append(
            "Ingest #\(report.ingestID) committed: \(report.files.count.counted("file")), \(Format.count(rows)) rows, "
                + "\(Format.count(rejected)) rejected, in \(Format.seconds(report.seconds)).")
        if let directory = report.rejectsDirectory {
            lines.append("Rejected rows are listed with line and reason in \(directory)/.")
        }
        if !report.ignoredFiles.isEmpty {
            lines.append("Ignored (not a data-contract file): \(report.ignoredFiles.joined(separator: ", ")).")
        }
        return lines.joined(separator: "\n")
    }
}
