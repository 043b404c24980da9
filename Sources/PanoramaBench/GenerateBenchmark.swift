import Foundation
import PanoramaModel
import PanoramaSimulation

/// Times `panorama generate` in a child process: rows per second and peak memory.
public struct GenerateBenchmark: Sendable {
    public struct City: Sendable {
        public var subscribers: Int
        public var days: Int

        public init(subscribers: Int, days: Int) {
            self.subscribers = subscribers
            self.days = days
        }
    }

    public struct Measurement: Sendable {
        public var city: City
        public var seconds: Double
        public var setupSeconds: Double
        public var recordSeconds: Double
        public var locationRecords: Int
        public var interactionRecords: Int
        public var bytes: Int
        public var peakMemoryBytes: Int

        /// Location records per second of the whole run, set-up included.
        public var recordsPerSecond: Double { Double(locationRecords) / seconds }
        /// Location records per second of the day-writing phase alone.
        public var dayRecordsPerSecond: Double { Double(locationRecords) / max(0.001, recordSeconds) }
    }

    public var cities: [City]
    public var directory: URL
    public var executable: String
    public var compress: Bool
    public var keepFiles: Bool

    public init(cities: [City], directory: URL, executable: String, compress: Bool, keepFiles: Bool) {
        self.cities = cities
        self.directory = directory
        self.executable = executable
        self.compress = compress
        self.keepFiles = keepFiles
    }

    public func run(log: (String) -> Void) throws -> [Measurement] {
        let existed = FileManager.default.fileExists(atPath: directory.path)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if !keepFiles && !existed { try? FileManager.default.removeItem(at: directory) } }
        var measurements: [Measurement] = []
        for city in cities {
            let output = directory.appendingPathComponent("city-\(IngestBenchmark.count(city.subscribers))x\(city.days)")
            try? FileManager.default.removeItem(at: output)
            defer { if !keepFiles { try? FileManager.default.removeItem(at: output) } }
            log("generating \(IngestBenchmark.count(city.subscribers)) subscribers × \(city.days) days" + (compress ? " (gzip)" : ""))
            var arguments = ["generate", "--subscribers", String(city.subscribers), "--days", String(city.days), "--out", output.path]
            if compress { arguments.append("--gzip") }
            let run = try ChildProcess.run(executable, arguments)
            guard run.exitStatus == 0 else {
                throw IngestBenchmark.BenchmarkFailure(description: "generate failed with status \(run.exitStatus): \(run.standardError)\(run.standardOutput)")
            }
            let summary = try JSONDecoder().decode(
                DemoCitySummary.self, from: Data(contentsOf: output.appendingPathComponent("truth/summary.json")))
            let measurement = Measurement(
                city: city, seconds: run.seconds, setupSeconds: summary.setupSeconds, recordSeconds: summary.recordSeconds, locationRecords: summary.locationRecords,
                interactionRecords: summary.interactionRecords, bytes: summary.bytesWritten, peakMemoryBytes: run.peakMemoryBytes)
            log(Self.describe(measurement))
            measurements.append(measurement)
        }
        return measurements
    }

    static func describe(_ m: Measurement) -> String {
        String(
            format: "  %@ location and %@ interaction records in %.1f s (set-up %.1f s, days %.1f s, truth %.1f s): %.2f M records/s overall, %.2f M records/s writing days, %.0f MB/s, peak memory %.0f MiB",
            m.locationRecords.grouped, m.interactionRecords.grouped, m.seconds, m.setupSeconds, m.recordSeconds,
            max(0, m.seconds - m.setupSeconds - m.recordSeconds),
            m.recordsPerSecond / 1e6, m.dayRecordsPerSecond / 1e6, Double(m.bytes) / 1e6 / m.seconds, Double(m.peakMemoryBytes) / 1_048_576)
    }
}
