import ArgumentParser
import Foundation
import PanoramaSimulation

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a small sample city's input files (every file of the data contracts).")

    @Argument(help: "Directory to write the files into (created if missing).")
    var directory: String

    @OptionGroup var city: SampleCityOptions

    @Option(help: "Random seed; the same seed writes the same files.")
    var seed: UInt64 = 7

    @Flag(help: "Leave out the few deliberately bad rows.")
    var clean = false

    func run() throws {
        let url = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try SampleCity(subscribers: city.subscribers, days: city.days, seed: seed, includeBadRows: !clean).write(to: url)
        print("Wrote a sample city of \(city.subscribers) subscribers and \(city.days) days to \(directory).")
    }
}
