import ArgumentParser
import Foundation
import PanoramaIngest
import PanoramaSimulation
import PanoramaStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the sample city, create a workspace and ingest it — Panorama with no data of your own.")

    @Option(help: "Directory for the demo (its input/ and workspace/ are recreated).")
    var directory: String = "panorama-demo"

    @OptionGroup var city: SampleCityOptions

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        let input = root.appendingPathComponent("input")
        let workspace = root.appendingPathComponent("workspace")
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: root.path) {
            let contents = try fileManager.contentsOfDirectory(atPath: root.path)
            guard Set(contents).isSubset(of: ["input", "workspace"]) else {
                throw CommandFailure("\(directory) exists and is not a Panorama demo directory; choose another --directory.")
            }
        }
        try? fileManager.removeItem(at: input)
        try? fileManager.removeItem(at: workspace)
        try fileManager.createDirectory(at: input, withIntermediateDirectories: true)
        try SampleCity(subscribers: city.subscribers, days: city.days).write(to: input)
        print("1. Wrote a sample city of \(city.subscribers) subscribers and \(city.days) days to \(input.path).")
        let opened = try Workspace.create(at: workspace)
        print("2. Created the workspace \(workspace.path).")
        let report = try Ingest.run(workspace: opened, input: input, progress: TerminalProgress())
        print("3. " + IngestSummary.text(report))
        let status = try opened.status()
        print(
            "   The workspace holds \(Format.count(status.subscribers)) subscribers, \(Format.count(status.locationRecords)) location "
                + "and \(Format.count(status.interactionRecords)) interaction records.")
        let panorama = Self.invocation()
        print("Next: \(panorama) status \(workspace.path)")
        print("      \(panorama) lookup \(workspace.path) \(SampleCity.number(0))   (a sample subscriber's number)")
        print("The 3 rejected location rows are deliberate, to show the reports in \(workspace.path)/rejects/.")
    }

    /// How to run this same `panorama` again from the current directory.
    private static func invocation() -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath + "/"
        return executable.hasPrefix(current) ? String(executable.dropFirst(current.count)) : executable
    }
}
