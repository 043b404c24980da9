import ArgumentParser
import Foundation
import PanoramaModel
import PanoramaStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a workspace: configuration, secret and database.")

    @Argument(help: "Directory of the new workspace (must not exist, or be empty).")
    var workspace: String

    @Option(parsing: .unconditional, help: "UTC offset of the city's local time, e.g. +08:00 or -05:00.")
    var utcOffset: String = "+08:00"

    @Option(parsing: .unconditional, help: "Number of partitions records are split into by subscriber (fixed for the workspace).")
    var partitions: Int = 64

    @Option(parsing: .unconditional, help: "Largest share of a file's rows that may be rejected before an ingest fails (0 to 1).")
    var maxRejected: Double = 0.01

    func validate() throws {
        guard UTCOffset(text: utcOffset) != nil else {
            throw ValidationError("--utc-offset '\(utcOffset)' is not an offset such as +08:00 or -05:00.")
        }
        guard (1...4096).contains(partitions) else {
            throw ValidationError("--partitions must be between 1 and 4096, not \(partitions).")
        }
        guard (0...1).contains(maxRejected) else {
            throw ValidationError("--max-rejected must be between 0 and 1, e.g. 0.01 for 1%.")
        }
    }

    func run() throws {
        let offset = UTCOffset(text: utcOffset) ?? .chinaStandardTime
        let configuration = WorkspaceConfiguration(
            utcOffset: offset, partitions: partitions, maxRejectedShare: maxRejected)
        try Workspace.create(at: URL(fileURLWithPath: workspace), configuration: configuration)
        print("Created workspace \(workspace) (UTC offset \(offset), \(partitions) partitions).")
        print("The secret that keys pseudonyms is \(workspace)/secret.key; back it up and keep it private.")
    }
}
