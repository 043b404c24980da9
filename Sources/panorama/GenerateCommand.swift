import ArgumentParser
import Foundation
import PanoramaModel
import PanoramaSimulation
import Synchronization

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a demo city: every input file of the data contracts, and the hidden truth in <out>/truth/.",
        discussion: """
            People with personas live their days in a synthetic Guangzhou: homes, commutes, work, school runs, \
            concerts, matches, fairs, hospitals; they call their circles, adopt products, complain, change \
            handsets and leave. The same options always write the same bytes. docs/demo-city.md explains the model.
            """)

    @OptionGroup var city: DemoCityOptions

    @Option(help: "First day, YYYY-MM-DD (2001-01-01 to 2099-10-31); the default is a Monday.")
    var start: String = DemoCity.defaultStart.description

    @Option(help: "Directory to write (created; an earlier demo city there is replaced when the new one is complete).")
    var out: String

    @Flag(help: "Write the record files gzip-compressed (.csv.gz): about 5x smaller, slower to write.")
    var gzip = false

    @Option(parsing: .unconditional, help: "Threads writing days (default: one per core); the files do not depend on it.")
    var workers: Int?

    func validate() throws {
        guard let first = CivilDate(text: start) else { throw ValidationError("--start '\(start)' is not a date of the form 2026-11-02.") }
        guard DemoCity.startRange.contains(first) else { throw ValidationError("--start must be from 2001-01-01 to 2099-10-31.") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
    }

    func run() throws {
        let demoCity = DemoCity(
            subscribers: city.subscriberCount, days: city.days, seed: city.seed,
            start: CivilDate(text: start) ?? DemoCity.defaultStart, compress: gzip)
        let display = GenerateProgress()
        let summary = try demoCity.write(
            to: URL(fileURLWithPath: out), workers: workers ?? ParallelWorkers.defaultCount, progress: display.show)
        display.finish()
        let path = URL(fileURLWithPath: out).standardizedFileURL.path
        print("Wrote a demo city of \(demoCity.subscribers.counted("subscriber")) and \(demoCity.days.counted("day")) to \(path) in \(Format.seconds(summary.seconds)).")
        for line in summary.lines { print("  " + line) }
        print("The truth the panorama should recover is in \(path)/truth/ (summary.json, subscribers, tags, circles, moments, attendance).")
    }
}

/// Prints each step of a generation once, and the day count as it grows (redrawn on a terminal).
final class GenerateProgress: Sendable {
    private let lastStep = Mutex("")
    private let isTerminal = isatty(STDERR_FILENO) == 1

    @Sendable func show(_ progress: DemoCity.Progress) {
        let output: String? = lastStep.withLock { last in
            if progress.step != last {
                last = progress.step
                return (isTerminal ? "\r\u{1B}[2K" : "") + progress.step + "…\n"
            }
            guard progress.daysWritten > 0 else { return nil }
            let line = "  day \(progress.daysWritten) of \(progress.days), \(progress.records.grouped) location records"
            return isTerminal ? "\r\u{1B}[2K" + line : line + "\n"
        }
        if let output { FileHandle.standardError.write(Data(output.utf8)) }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
