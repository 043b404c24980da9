import ArgumentParser
import CLinux
import PanoramaModel

/// The `panorama` command: every job of Panorama, one subcommand each.
@main
struct Panorama: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panorama",
        abstract: "Turn an operator's location, billing and call records into an explainable customer panorama.",
        version: "0.1.0 (workspace format \(PanoramaModel.workspaceFormatVersion))",
        subcommands: [
            DemoCommand.self, GenerateCommand.self, InitCommand.self, IngestCommand.self, StatusCommand.self, LookupCommand.self,
            SampleCommand.self, CatalogCommand.self, BuildCommand.self, ProfileCommand.self, ExportCommand.self, ValueCommand.self,
            RiskCommand.self, MomentsCommand.self, ServeCommand.self,
            EvaluateCommand.self, BenchCommand.self,
        ])

    /// Line-buffers standard output, so that what the commands print interleaves in order
    /// with the progress lines on standard error even when both go to one log.
    static func main() {
        panorama_line_buffer_stdout()
        main(nil)
    }
}
