import ArgumentParser
import Foundation
import PanoramaBench

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Panorama's speed and memory (run in a release build).",
        subcommands: [IngestBench.self, GenerateBench.self, BuildBench.self, RiskBench.self, ServeBench.self])

    /// This very `panorama`, which the benchmarks run in child processes.
    static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

struct IngestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Generate location records and time `panorama ingest` on them: records/s, MB/s, peak memory.")

    @Option(help: "Record counts to measure, comma-separated; k and M suffixes allowed.")
    var records: String = "10M,100M"

    @Option(help: "Subscribers in the generated city.")
    var subscribers: String = "1M"

    @Option(help: "Cells in the generated city.")
    var cells: String = "10k"

    @Option(help: "Working directory for the generated files and workspace (needs about 55 bytes per record).")
    var directory: String = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-bench").path

    @Option(parsing: .unconditional, help: "Runs per size, each on a fresh copy of the workspace; the median is reported.")
    var repetitions: Int = 3

    @Flag(help: "Keep the generated files and workspace.")
    var keep = false

    func run() throws {
        #if DEBUG
            print("Warning: this is a debug build; run `swift run -c release panorama bench ingest` for real figures.")
        #endif
        let sizes = try records.split(separator: ",").map { try CountArgument.parse(String($0), option: "--records") }
        let benchmark = IngestBenchmark(
            sizes: sizes, subscribers: try CountArgument.parse(subscribers, option: "--subscribers"),
            cells: try CountArgument.parse(cells, option: "--cells"), directory: URL(fileURLWithPath: directory),
            executable: BenchCommand.currentExecutable(), repetitions: repetitions, keepFiles: keep)
        print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + String(format: "%.0f GiB memory", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824))
        _ = try benchmark.run { print($0) }
    }
}

struct GenerateBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time `panorama generate` on demo cities: location records/s, MB/s, peak memory.")

    @Option(help: "Cities to generate, comma-separated SUBSCRIBERSxDAYS, e.g. 100kx14,1Mx4.")
    var cities: String = "100kx14,1Mx4"

    @Flag(help: "Write gzip-compressed record files.")
    var gzip = false

    @Option(help: "Working directory for the generated cities (about 50 bytes per record, a fifth with --gzip).")
    var directory: String = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-bench-generate").path

    @Flag(help: "Keep the generated cities.")
    var keep = false

    func run() throws {
        #if DEBUG
            print("Warning: this is a debug build; run `swift run -c release panorama bench generate` for real figures.")
        #endif
        let parsed = try cities.split(separator: ",").map { item -> GenerateBenchmark.City in
            let parts = item.lowercased().split(separator: "x")
            guard parts.count == 2, let days = Int(parts[1]), days > 0 else {
                throw ValidationError("--cities '\(item)' is not of the form 100kx7 (subscribers x days).")
            }
            return GenerateBenchmark.City(subscribers: try CountArgument.parse(String(parts[0]), option: "--cities"), days: days)
        }
        print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + String(format: "%.0f GiB memory", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824))
        let benchmark = GenerateBenchmark(
            cities: parsed, directory: URL(fileURLWithPath: directory), executable: BenchCommand.currentExecutable(),
            compress: gzip, keepFiles: keep)
        _ = try benchmark.run { print($0) }
    }
}

struct BuildBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Time `panorama build` on demo cities against a DuckDB pipeline, and an incremental day against a 30-day build.",
        discussion: "scripts/bench-build installs DuckDB from PyPI and runs this in a release build.")

    @Option(help: "Location record counts to build, comma-separated; k and M suffixes allowed.")
    var records: String = "10M,100M"

    @Option(help: "Subscribers of the 31-day city for the incremental measurement (0 to skip).")
    var incrementalSubscribers: String = "50k"

    @Option(help: "Working directory; cities found there from an earlier run are reused.")
    var directory: String = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-bench-build").path

    @Option(help: "The DuckDB pipeline script.")
    var duckdbScript: String = "scripts/duckdb-pipeline.py"

    @Option(help: "The Python that has duckdb installed.")
    var python: String = "/usr/bin/python3"

    @Flag(help: "Leave DuckDB out.")
    var noDuckdb = false

    func run() throws {
        #if DEBUG
            print("Warning: this is a debug build; run `swift run -c release panorama bench build` for real figures.")
        #endif
        if !noDuckdb && !FileManager.default.fileExists(atPath: duckdbScript) {
            throw ValidationError("The DuckDB script \(duckdbScript) does not exist; run from the repository root, or pass --no-duckdb.")
        }
        let sizes = try records.split(separator: ",").map { try CountArgument.parse(String($0), option: "--records") }
        let benchmark = BuildBenchmark(
            sizes: sizes,
            incrementalSubscribers: incrementalSubscribers == "0" ? 0 : try CountArgument.parse(incrementalSubscribers, option: "--incremental-subscribers"),
            directory: URL(fileURLWithPath: directory), executable: BenchCommand.currentExecutable(),
            duckdbScript: noDuckdb ? nil : duckdbScript, python: python)
        print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + String(format: "%.0f GiB memory", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824))
        _ = try benchmark.run { print($0) }
    }
}

struct RiskBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Time the churn and downgrade scoring of a large customer base: customers/s and peak memory.")

    @Option(help: "Customers to score; k and M suffixes allowed.")
    var subscribers: String = "1M"

    func run() throws {
        #if DEBUG
            print("Warning: this is a debug build; run `swift run -c release panorama bench risk` for real figures.")
        #endif
        let count = try CountArgument.parse(subscribers, option: "--subscribers")
        print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + String(format: "%.0f GiB memory", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824))
        let result = try RiskBenchmark(subscribers: count).run { print($0) }
        print(
            String(
                format: "  features of %@ customers at a month-end: %.2f s (%.2f M customers/s)", result.subscribers.grouped,
                result.featureSeconds, Double(result.subscribers) / result.featureSeconds / 1e6))
        print(
            String(
                format: "  churn and downgrade scores with reasons (features included): %.2f s (%.2f M customers/s)", result.scoreSeconds,
                Double(result.subscribers) / result.scoreSeconds / 1e6))
        print(String(format: "  peak memory of the process (the made-up customers included): %.0f MiB", Double(result.peakMemoryBytes) / 1_048_576))
    }
}

struct ServeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a workspace and load its customer, area and store pages with wrk: requests/s, p50/p90/p99, start-up and memory.",
        discussion: """
            Without --workspace, makes a demo city in --directory with `panorama demo` (ingested, built and trained) \
            and reuses it on the next run. Needs wrk (`apt-get install wrk`).
            """)

    @Option(help: "Workspace to serve; without it, a demo workspace in --directory is made or reused.")
    var workspace: String?

    @Option(help: "Subscribers of the demo workspace; k and M suffixes allowed.")
    var subscribers: String = "1M"

    @Option(parsing: .unconditional, help: "Days of records of the demo workspace.")
    var days: Int = 2

    @Option(help: "Directory of the demo workspace.")
    var directory: String = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-bench-serve").path

    @Option(parsing: .unconditional, help: "Concurrent connections.")
    var connections: Int = 64

    @Option(parsing: .unconditional, help: "Seconds of load per page.")
    var duration: Int = 10

    @Option(parsing: .unconditional, help: "Port for the server.")
    var port: Int = 18_080

    func validate() throws {
        guard connections >= 1, duration >= 1 else { throw ValidationError("--connections and --duration must be at least 1.") }
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
        guard days >= 1 else { throw ValidationError("--days must be at least 1.") }
    }

    func run() throws {
        #if DEBUG
            print("Warning: this is a debug build; run `swift run -c release panorama bench serve` for real figures.")
        #endif
        let executable = BenchCommand.currentExecutable()
        let served: URL
        if let workspace {
            served = URL(fileURLWithPath: workspace)
        } else {
            served = try ServeBenchmark.demoWorkspace(
                in: URL(fileURLWithPath: directory), subscribers: try CountArgument.parse(subscribers, option: "--subscribers"), days: days,
                executable: executable
            ) { print($0) }
        }
        let benchmark = try ServeBenchmark(workspace: served, executable: executable, port: port, connections: connections, seconds: duration)
        print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + String(format: "%.0f GiB memory", Double(ProcessInfo.processInfo.physicalMemory) / 1_048_576 / 1024)
            + "; wrk -t2 -c\(connections) -d\(duration)s per page")
        let report = try benchmark.run { print($0) }
        print(String(format: "Server peak memory after the runs: %.0f MiB", Double(report.peakMemoryBytes) / 1_048_576))
    }
}
