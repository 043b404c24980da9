import Foundation

#if canImport(Glibc)
    import Glibc
#endif
import PanoramaSimulation

/// `panorama bench ingest`: location records per second, MB per second and peak memory.
///
/// The reference data (subscribers, cells) is ingested first and not timed; then for each
/// size a fresh locations file is generated, synced to disk, and `panorama ingest` loads it
/// in a child process, so the figures are what a user's ingest of new days costs: process
/// start, opening the workspace, parsing, writing durable segments and committing.
public struct IngestBenchmark: Sendable {
    public var sizes: [Int]
    public var subscribers: Int
    public var cells: Int
    public var directory: URL
    /// The `panorama` executable to measure.
    public var executable: String
    /// Runs per size, each on a fresh copy of the reference workspace; the median is reported.
    public var repetitions: Int
    public var keepFiles: Bool

    public init(
        sizes: [Int], subscribers: Int, cells: Int, directory: URL, executable: String, repetitions: Int,
        keepFiles: Bool
    ) {
        self.sizes = sizes
        self.subscribers = subscribers
        self.cells = cells
        self.directory = directory
        self.executable = executable
        self.repetitions = max(1, repetitions)
        self.keepFiles = keepFiles
    }

    /// One measured ingest.
    public struct Measurement: Sendable {
        public var records: Int
        public var bytes: Int
        public var seconds: Double
        public var peakMemoryBytes: Int
        public var recordsPerSecond: Double { Double(records) / seconds }
        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
    }

    public struct BenchmarkFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs the benchmark, calling `log` with a line for each step; returns the median run of each size.
    public func run(log: (String) -> Void) throws -> [Measurement] {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let pristine = directory.appendingPathComponent("reference-workspace")
        let workspace = directory.appendingPathComponent("workspace")
        let reference = directory.appendingPathComponent("reference")
        for url in [pristine, workspace, reference] { try? fileManager.removeItem(at: url) }
        try fileManager.createDirectory(at: reference, withIntermediateDirectories: true)
        defer {
            if !keepFiles {
                for url in [pristine, workspace, reference] { try? fileManager.removeItem(at: url) }
            }
        }
        let city = BenchmarkCity(subscribers: subscribers, cells: cells)
        log("generating reference data: \(subscribers) subscribers, \(cells) cells")
        try city.writeReference(to: reference)
        try check(ChildProcess.run(executable, ["init", pristine.path]), "init")
        let setup = try ChildProcess.run(executable, ["ingest", pristine.path, reference.path])
        try check(setup, "reference ingest")
        log(String(format: "reference ingest (not timed below): %.1f s", setup.seconds))
        var medians: [Measurement] = []
        for size in sizes {
            let input = directory.appendingPathComponent("locations-\(size)")
            try? fileManager.removeItem(at: input)
            try fileManager.createDirectory(at: input, withIntermediateDirectories: true)
            defer { if !keepFiles { try? fileManager.removeItem(at: input) } }
            log("generating \(size) location records")
            let bytes = try city.writeLocations(
                count: size, to: input.appendingPathComponent("locations-\(size).csv"))
            // The generated file is still being written to disk; an operator's input arrived
            // long before its ingest, so let that writeback finish before the clock starts.
            sync()
            var runs: [Measurement] = []
            for repetition in 1...repetitions {
                try? fileManager.removeItem(at: workspace)
                try fileManager.copyItem(at: pristine, to: workspace)
                sync()
                let run = try ChildProcess.run(executable, ["ingest", workspace.path, input.path])
                try check(run, "ingest of \(size) records")
                let measurement = Measurement(
                    records: size, bytes: bytes, seconds: run.seconds, peakMemoryBytes: run.peakMemoryBytes)
                log("  run \(repetition): " + Self.describe(measurement))
                runs.append(measurement)
            }
            let sorted = runs.sorted { $0.seconds < $1.seconds }
            let median = sorted[sorted.count / 2]
            log("\(Self.count(size)) records, median of \(runs.count): " + Self.describe(median)
                + String(format: " (best %.2f M records/s)", sorted[0].recordsPerSecond / 1e6))
            medians.append(median)
        }
        return medians
    }

    static func describe(_ measurement: Measurement) -> String {
        String(
            format: "%.2f s, %.2f M records/s, %.0f MB/s, peak memory %.0f MiB", measurement.seconds,
            measurement.recordsPerSecond / 1e6, measurement.megabytesPerSecond,
            Double(measurement.peakMemoryBytes) / 1_048_576)
    }

    private func check(_ run: ChildRun, _ step: String) throws {
        guard run.exitStatus == 0 else {
            throw BenchmarkFailure(description: "the \(step) failed with status \(run.exitStatus): \(run.standardError)\(run.standardOutput)")
        }
    }

    /// `10M`, `100M`, `250k`.
    public static func count(_ value: Int) -> String {
        if value >= 1_000_000 && value % 1_000_000 == 0 { return "\(value / 1_000_000)M" }
        if value >= 1000 && value % 1000 == 0 { return "\(value / 1000)k" }
        return String(value)
    }
}
