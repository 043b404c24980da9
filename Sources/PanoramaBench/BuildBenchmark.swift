import Foundation
import PanoramaModel
import PanoramaSimulation

/// Times `panorama build` on demo cities against an equivalent DuckDB pipeline, and an
/// incremental day against a 30-day full build.
///
/// Every step runs in a child process, so each has its own time and peak memory. Panorama's
/// load is the ingest of the location files alone (the customer files are ingested first,
/// untimed); DuckDB's load is `read_csv` of the same files into a table in a database file.
public struct BuildBenchmark: Sendable {
    public struct Comparison: Sendable {
        public var subscribers: Int
        public var days: Int
        public var records: Int
        public var panoramaLoad: ChildRun
        public var panoramaBuild: ChildRun
        public var duckdbLoad: ChildRun?
        public var duckdbPipeline: ChildRun?
    }

    public struct Incremental: Sendable {
        public var subscribers: Int
        public var fullRecords: Int
        public var dayRecords: Int
        public var fullBuild: ChildRun
        public var incrementalBuild: ChildRun
    }

    /// Location records per subscriber and day in the demo city, to size cities for a record count.
    static let recordsPerSubscriberDay = 41.4

    public var sizes: [Int]
    public var incrementalSubscribers: Int
    public var directory: URL
    public var executable: String
    /// The DuckDB script, or `nil` to leave DuckDB out.
    public var duckdbScript: String?
    public var python: String

    public init(sizes: [Int], incrementalSubscribers: Int, directory: URL, executable: String, duckdbScript: String?, python: String) {
        self.sizes = sizes
        self.incrementalSubscribers = incrementalSubscribers
        self.directory = directory
        self.executable = executable
        self.duckdbScript = duckdbScript
        self.python = python
    }

    func checked(_ run: ChildRun, _ what: String) throws -> ChildRun {
        guard run.exitStatus == 0 else {
            throw IngestBenchmark.BenchmarkFailure(
                description: "\(what) failed with status \(run.exitStatus): \(run.standardError.suffix(2000))\(run.standardOutput.suffix(1000))")
        }
        return run
    }

    /// A demo city, reused when an earlier run left it complete in the working directory.
    func city(subscribers: Int, days: Int, log: (String) -> Void) throws -> URL {
        let url = directory.appendingPathComponent("city-\(IngestBenchmark.count(subscribers))x\(days)")
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("truth/summary.json").path) {
            log("reusing \(url.path)")
            return url
        }
        log("generating \(subscribers.grouped) subscribers × \(days) days")
        _ = try checked(
            ChildProcess.run(executable, ["generate", "--subscribers", String(subscribers), "--days", String(days), "--out", url.path]),
            "generate")
        return url
    }

    /// Splits a city into input directories of links: the customer and reference files, then
    /// the location files of the given days (by position in name order).
    func inputs(of city: URL, name: String, days: Range<Int>?) throws -> (customers: URL, locations: URL, records: Int) {
        let fileManager = FileManager.default
        let customers = directory.appendingPathComponent("\(name)-customers")
        let locations = directory.appendingPathComponent("\(name)-locations")
        for url in [customers, locations] {
            try? fileManager.removeItem(at: url)
            try fileManager.createDirectory(at: url, withIntermediateDirectories: true)
        }
        let names = try fileManager.contentsOfDirectory(atPath: city.path).sorted()
        let dayFiles = names.filter { $0.hasPrefix("locations-") }
        let chosen = days.map { Array(dayFiles[$0.clamped(to: 0..<dayFiles.count)]) } ?? dayFiles
        var bytes = 0
        for file in names where file.hasSuffix(".csv") || file.hasSuffix(".csv.gz") {
            if file.hasPrefix("interactions-") { continue }
            let isLocation = file.hasPrefix("locations-")
            guard !isLocation || chosen.contains(file) else { continue }
            let target = (isLocation ? locations : customers).appendingPathComponent(file)
            try fileManager.createSymbolicLink(at: target, withDestinationURL: city.appendingPathComponent(file))
            if isLocation { bytes += (try? fileManager.attributesOfItem(atPath: city.appendingPathComponent(file).path)[.size] as? Int) ?? 0 }
        }
        return (customers, locations, bytes)
    }

    func freshWorkspace(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        _ = try checked(ChildProcess.run(executable, ["init", url.path]), "init")
        return url
    }

    public func run(log: (String) -> Void) throws -> (comparisons: [Comparison], incremental: Incremental?) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var comparisons: [Comparison] = []
        for size in sizes {
            let days = 14
            let subscribers = max(1_000, Int((Double(size) / Self.recordsPerSubscriberDay / Double(days)).rounded()))
            let city = try city(subscribers: subscribers, days: days, log: log)
            let input = try inputs(of: city, name: "input-\(IngestBenchmark.count(size))", days: nil)
            let workspace = try freshWorkspace("workspace-\(IngestBenchmark.count(size))")
            _ = try checked(ChildProcess.run(executable, ["ingest", workspace.path, input.customers.path]), "ingest of customer files")
            let load = try checked(ChildProcess.run(executable, ["ingest", workspace.path, input.locations.path]), "ingest of locations")
            let build = try checked(ChildProcess.run(executable, ["build", workspace.path, "--json"]), "build")
            let records = Self.recordsRead(build.standardOutput)
            var comparison = Comparison(
                subscribers: subscribers, days: days, records: records, panoramaLoad: load, panoramaBuild: build)
            log(Self.describe("panorama", load: load, run: build, records: records))
            if let duckdbScript {
                let database = directory.appendingPathComponent("duckdb-\(IngestBenchmark.count(size)).db").path
                comparison.duckdbLoad = try checked(ChildProcess.run(python, [duckdbScript, "load", database, input.locations.path]), "DuckDB load")
                comparison.duckdbPipeline = try checked(ChildProcess.run(python, [duckdbScript, "run", database]), "DuckDB pipeline")
                try? FileManager.default.removeItem(atPath: database)
                log(Self.describe("duckdb", load: comparison.duckdbLoad!, run: comparison.duckdbPipeline!, records: records))
                log(Self.ratios(comparison))
            }
            comparisons.append(comparison)
        }
        guard incrementalSubscribers > 0 else { return (comparisons, nil) }
        let city = try city(subscribers: incrementalSubscribers, days: 31, log: log)
        let month = try inputs(of: city, name: "input-30-days", days: 0..<30)
        let lastDay = try inputs(of: city, name: "input-day-31", days: 30..<31)
        let workspace = try freshWorkspace("workspace-incremental")
        _ = try checked(ChildProcess.run(executable, ["ingest", workspace.path, month.customers.path]), "ingest of customer files")
        _ = try checked(ChildProcess.run(executable, ["ingest", workspace.path, month.locations.path]), "ingest of 30 days")
        let full = try checked(ChildProcess.run(executable, ["build", workspace.path, "--json"]), "30-day build")
        _ = try checked(ChildProcess.run(executable, ["ingest", workspace.path, lastDay.locations.path]), "ingest of day 31")
        let incremental = try checked(ChildProcess.run(executable, ["build", workspace.path, "--json"]), "incremental build")
        let result = Incremental(
            subscribers: incrementalSubscribers, fullRecords: Self.recordsRead(full.standardOutput),
            dayRecords: Self.recordsRead(incremental.standardOutput), fullBuild: full, incrementalBuild: incremental)
        log(
            String(
                format: "  30-day full build: %@ records in %.2f s (peak %.0f MiB); one more day: %@ records in %.2f s (peak %.0f MiB), %.1f%% of the full build",
                result.fullRecords.grouped, full.seconds, Double(full.peakMemoryBytes) / 1_048_576, result.dayRecords.grouped,
                incremental.seconds, Double(incremental.peakMemoryBytes) / 1_048_576, incremental.seconds / full.seconds * 100))
        for (name, run) in [("30 days", full), ("one day", incremental)] {
            if let line = Self.timeSpent(run, against: full.seconds) { log("  where the time of \(name) went: " + line) }
        }
        return (comparisons, result)
    }

    /// Where a build's time went, as shares of `whole` (the full build's), from its `--json`
    /// report: the process's start and exit, the set-up, the partitions with a worker's
    /// steps, and the commit.
    static func timeSpent(_ run: ChildRun, against whole: Double) -> String? {
        struct Report: Decodable {
            struct Timings: Decodable {
                var setUp, partitions, commit, readingStates, readingRecords, observing, assembling, writingStates: Double
                var workers: Int
            }
            var seconds: Double
            var timings: Timings
        }
        guard let report = try? JSONDecoder().decode(Report.self, from: Data(run.standardOutput.utf8)) else { return nil }
        let time = report.timings
        func share(_ seconds: Double) -> String { String(format: "%.2f s (%.1f%%)", seconds, seconds / whole * 100) }
        func worker(_ seconds: Double) -> String { share(seconds / Double(max(1, time.workers))) }
        return "process start and exit \(share(max(0, run.seconds - report.seconds))), set-up \(share(time.setUp)), "
            + "partitions \(share(time.partitions)) (a worker: states read \(worker(time.readingStates)), records read \(worker(time.readingRecords)), "
            + "observed \(worker(time.observing)), assembled \(worker(time.assembling)), states written \(worker(time.writingStates))), "
            + "commit \(share(time.commit))"
    }

    static func recordsRead(_ json: String) -> Int {
        struct Report: Decodable { var recordsRead: Int }
        return (try? JSONDecoder().decode(Report.self, from: Data(json.utf8)).recordsRead) ?? 0
    }

    static func describe(_ name: String, load: ChildRun, run: ChildRun, records: Int) -> String {
        String(
            format: "  %@ load %.2f s (%.1f M records/s, peak %.0f MiB); build %.2f s (%.1f M records/s, peak %.0f MiB)",
            name.padding(toLength: 8, withPad: " ", startingAt: 0), load.seconds, Double(records) / load.seconds / 1e6,
            Double(load.peakMemoryBytes) / 1_048_576, run.seconds, Double(records) / run.seconds / 1e6,
            Double(run.peakMemoryBytes) / 1_048_576)
    }

    static func ratios(_ comparison: Comparison) -> String {
        guard let load = comparison.duckdbLoad, let pipeline = comparison.duckdbPipeline else { return "" }
        return String(
            format: "  panorama vs duckdb: build %.1f× faster with %.1f%% of the peak memory; load %.1f× faster",
            pipeline.seconds / comparison.panoramaBuild.seconds,
            Double(comparison.panoramaBuild.peakMemoryBytes) / Double(pipeline.peakMemoryBytes) * 100,
            load.seconds / comparison.panoramaLoad.seconds)
    }
}
