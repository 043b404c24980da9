import ArgumentParser
import Foundation
import PanoramaSimulation

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a tiny sample city's input files, with a few deliberately bad rows to show the reject reports.",
        discussion: "For a realistic city with hidden truth, use `panorama generate`.")

    @Argument(help: "Directory to write the files into (created if missing).")
    var directory: String

    @Option(parsing: .unconditional, help: "Number of subscribers in the sample city.")
    var subscribers: Int = 500

    @Option(parsing: .unconditional, help: "Days of location and interaction records.")
    var days: Int = 2

    @Option(parsing: .unconditional, help: "Random seed; the same seed writes the same files.")
    var seed: UInt64 = 7

    @Flag(help: "Leave out the few deliberately bad rows.")
    var clean = false

    func validate() throws {
        guard (10...1_000_000).contains(subscribers) else { throw ValidationError("--subscribers must be 10 to 1000000.") }
        guard (1...31).contains(days) else { throw ValidationError("--days must be 1 to 31.") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try SampleCity(subscribers: subscribers, days: days, seed: seed, includeBadRows: !clean).write(to: url)
        print("Wrote a sample city of \(subscribers) subscribers and \(days) days to \(directory).")
    }
}
