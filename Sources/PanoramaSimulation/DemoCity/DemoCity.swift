import Foundation
import PanoramaModel
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// The demo city: a synthetic operator's city where people live a day in the life, written
/// in the data contracts' format, with the hidden truth beside it in `truth/`.
///
/// `docs/demo-city.md` explains the model and its parameters. Output depends only on the
/// options: every random choice is keyed by what it is about (a person, a day, an event),
/// so the files are byte-identical for the same options with any number of workers, on
/// the same platform and toolchain (maths libraries and zlib versions may differ elsewhere).
public struct DemoCity: Sendable {
    public var subscribers: Int
    public var days: Int
    public var seed: UInt64
    /// The first generated day (local midnight, +08:00).
    public var start: CivilDate
    /// Write record files as `.csv.gz`.
    public var compress: Bool

    /// A Monday, so that a one-week city has a full week.
    public static let defaultStart = CivilDate(year: 2026, month: 11, day: 2)!
    public static let subscriberRange = 100...5_000_000
    public static let dayRange = 1...62
    /// First days for which the year of history before and the days after stay within the
    /// 2000–2099 range that every time in the data contracts must respect.
    public static let startRange = CivilDate(year: 2001, month: 1, day: 1)!...CivilDate(year: 2099, month: 10, day: 31)!

    public init(subscribers: Int, days: Int, seed: UInt64 = 1, start: CivilDate = DemoCity.defaultStart, compress: Bool = false) {
        self.subscribers = subscribers
        self.days = days
        self.seed = seed
        self.start = start
        self.compress = compress
    }

    /// China Mobile prefixes; every subscriber number is one of them and eight digits.
    static let prefixes = ["138", "139", "137", "136", "135", "134", "150", "151", "152", "157", "158", "159", "182", "187", "188"]
    /// Other operators' prefixes, for the people our subscribers call who are not ours.
    static let externalPrefixes = ["130", "131", "132", "155", "156", "186", "133", "153", "180", "189"]

    /// The number of subscriber `index`; the eight digits are a bijection of the index, so
    /// numbers are unique and look random. Subscriber 0 is Xiao Wang, 13812345678.
    public static func number(_ index: Int) -> String {
        let tail = String((index &* 48_271 &+ 12_345_678) % 100_000_000)
        return prefixes[index % prefixes.count] + String(repeating: "0", count: 8 - tail.count) + tail
    }

    /// The number of another operator's customer.
    public static func externalNumber(_ index: Int) -> String {
        let tail = String((index &* 69_621 &+ 7_654_321) % 100_000_000)
        return externalPrefixes[index % externalPrefixes.count] + String(repeating: "0", count: 8 - tail.count) + tail
    }

    /// Xiao Wang (小王), the storyline's subscriber.
    public static var xiaoWangNumber: String { number(Population.xiaoWang) }

    /// Progress of a generation: days written out of all.
    public struct Progress: Sendable {
        public var step: String
        public var daysWritten: Int
        public var days: Int
        public var records: Int
    }

    /// Builds the city in memory without writing it, for looking at people's days.
    public func model() -> DemoCityModel {
        var history = CustomerHistory(start: start, days: days)
        let base = CityModel(subscribers: subscribers, days: days, start: start, seed: seed)
        history.simulateMembership(population: base.population, graph: base.graph, seed: seed)
        return DemoCityModel(city: base.withMembership(history))
    }

    /// Writes the city into `directory`, which must not exist, be empty, or hold an earlier
    /// demo city (which is replaced only once the new one is complete).
    @discardableResult
    public func write(
        to directory: URL, workers: Int = ParallelWorkers.defaultCount, progress: (@Sendable (Progress) -> Void)? = nil
    ) throws -> DemoCitySummary {
        let fileManager = FileManager.default
        let target = directory.standardizedFileURL.resolvingSymlinksInPath()
        let current = URL(fileURLWithPath: fileManager.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path + "/"
        guard !current.hasPrefix(target.path + "/") else { throw DemoCityError.currentDirectory(target.path) }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).generating")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw DemoCityError.cannotWrite(parent.path, reason: "it cannot be created")
        }
        guard access(parent.path, W_OK) == 0 else { throw DemoCityError.cannotWrite(parent.path, reason: String(cString: strerror(errno))) }
        // A run that stopped while swapping cities left the earlier one aside: put it back.
        if !fileManager.fileExists(atPath: target.path) && fileManager.fileExists(atPath: previous.path) {
            try fileManager.moveItem(at: previous, to: target)
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            let contents = isDirectory.boolValue ? try fileManager.contentsOfDirectory(atPath: target.path) : ["?"]
            guard contents.isEmpty || Self.isDemoCity(contents, at: target) else { throw DemoCityError.notADemoCity(target.path) }
        }
        try? fileManager.removeItem(at: staging)
        try? fileManager.removeItem(at: previous)
        try fileManager.createDirectory(at: staging.appendingPathComponent("truth"), withIntermediateDirectories: true)
        let started = Date()
        // One day of records per worker is held in memory (about 8 bytes a record, 60 records
        // a person): never start more workers than half the memory holds.
        let dayBytes = Double(subscribers) * 60 * 8 * 2
        let affordable = max(1, Int(Double(ProcessInfo.processInfo.physicalMemory) / 2 / dayBytes))
        do {
            let summary = try generate(into: staging, workers: min(workers, affordable, 16), started: started, progress: progress)
            // The earlier city steps aside, the new one moves in, and only then is the old one removed.
            if fileManager.fileExists(atPath: target.path) { try fileManager.moveItem(at: target, to: previous) }
            do {
                try fileManager.moveItem(at: staging, to: target)
            } catch {
                try? fileManager.moveItem(at: previous, to: target)
                throw error
            }
            try? fileManager.removeItem(at: previous)
            return summary
        } catch let error as any UserFacingError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw DemoCityError.cannotWrite(target.path, reason: error.localizedDescription)
        }
    }

    /// Whether a directory holds exactly what `generate` writes, so replacing it loses nothing else.
    private static func isDemoCity(_ contents: [String], at directory: URL) -> Bool {
        let truth = directory.appendingPathComponent("truth")
        guard let truthContents = try? FileManager.default.contentsOfDirectory(atPath: truth.path),
            truthContents.contains("summary.json"), Set(truthContents).isSubset(of: TruthFiles.names)
        else { return false }
        let reference = Set(InputFileNames.all.map { $0 + ".csv" } + ["truth"])
        return contents.allSatisfy { name in reference.contains(name) || isDayFile(name) }
    }

    /// `locations-2026-11-02.csv`, `interactions-2026-11-02.csv.gz`.
    private static func isDayFile(_ name: String) -> Bool {
        for volume in ["locations-", "interactions-"] where name.hasPrefix(volume) {
            let rest = name.dropFirst(volume.count)
            let date = rest.prefix(10)
            let suffix = rest.dropFirst(10)
            return CivilDate(text: String(date)) != nil && (suffix == ".csv" || suffix == ".csv.gz")
        }
        return false
    }

    private func generate(
        into directory: URL, workers: Int, started: Date, progress: (@Sendable (Progress) -> Void)?
    ) throws -> DemoCitySummary {
        progress?(Progress(step: "Laying out the city and its people", daysWritten: 0, days: days, records: 0))
        let base = CityModel(subscribers: subscribers, days: days, start: start, seed: seed)
        var history = CustomerHistory(start: start, days: days)
        let files = try CityFiles(directory: directory, numbers: base.numbers)
        try files.writeReference(base, firstMonth: history.firstMonth)
        progress?(Progress(step: "Simulating a year of bills, products and departures", daysWritten: 0, days: days, records: 0))
        try history.run(population: base.population, graph: base.graph, seed: seed, files: files)
        try files.closeHistory()
        try files.writeCustomers(base, history: history)
        let city = base.withMembership(history)
        let setupSeconds = Date().timeIntervalSince(started)

        let tally = Mutex(TruthTally(people: subscribers, events: city.calendar.events.count))
        let nextDay = Mutex(0)
        let compress = self.compress
        let days = self.days
        progress?(Progress(step: "Writing location and interaction records", daysWritten: 0, days: days, records: 0))
        _ = try ParallelWorkers.run(count: max(1, min(workers, days))) { _ in
            while true {
                let day = nextDay.withLock { next in
                    defer { next += 1 }
                    return next
                }
                guard day < days else { return }
                let outcome = try DayRecords(city: city, day: day, gzip: compress).write(to: directory)
                let (written, records) = tally.withLock { tally in
                    tally.add(outcome)
                    return (tally.daysWritten, tally.locationRecords)
                }
                progress?(Progress(step: "Writing location and interaction records", daysWritten: written, days: days, records: records))
            }
        }
        // Four days of calls in each month of history, so that who talks to whom, and who of
        // them already left, is known at every month-end before the window.
        let callDays = history.callHistoryDays
        progress?(Progress(step: "Writing four days of calls for each month of history", daysWritten: days, days: days, records: 0))
        let nextCallDay = Mutex(0)
        let historyCalls = Mutex(0)
        _ = try ParallelWorkers.run(count: max(1, min(workers, callDays.count))) { _ in
            while true {
                let position = nextCallDay.withLock { next in
                    defer { next += 1 }
                    return next
                }
                guard position < callDays.count else { return }
                let (records, _) = try DayRecords(city: city, day: callDays[position], gzip: compress).writeInteractions(to: directory)
                historyCalls.withLock { $0 += records }
            }
        }
        var finalTally = tally.withLock { $0 }
        finalTally.historyInteractionRecords = historyCalls.withLock { $0 }
        let recordSeconds = Date().timeIntervalSince(started) - setupSeconds
        let truth = TruthFiles(city: city, history: history, tally: finalTally)
        try truth.write(to: directory.appendingPathComponent("truth"))
        let summary = DemoCitySummary(
            city: city, history: history, tally: finalTally, options: self, seconds: Date().timeIntervalSince(started),
            setupSeconds: setupSeconds, recordSeconds: recordSeconds)
        try summary.json().write(to: directory.appendingPathComponent("truth/summary.json"))
        return summary
    }
}

/// The reference and customer files a demo city writes, by name without `.csv`.
enum InputFileNames {
    static let all = [
        "regions", "cells", "places", "events", "products", "channels", "subscribers", "usage", "subscriptions", "handsets",
        "complaints", "contacts", "churn",
    ]
}

/// Why a demo city could not be written.
public enum DemoCityError: UserFacingError, Equatable {
    case notADemoCity(String)
    case currentDirectory(String)
    case cannotWrite(String, reason: String)

    public var userMessage: String {
        switch self {
        case .notADemoCity(let path):
            "\(path) is not an empty directory and does not hold a demo city; choose a new or empty directory."
        case .currentDirectory(let path):
            "\(path) is the current directory or holds it; choose a directory to write the city into."
        case .cannotWrite(let path, let reason):
            "Cannot write the demo city at \(path): \(reason)."
        }
    }
}

/// A built demo city, to plan people's days without writing files (tests and tools).
public struct DemoCityModel: Sendable {
    let city: CityModel

    public var subscribers: Int { city.population.count }
    public var days: Int { city.days }

    /// Where subscriber `index` physically is on window day `day` (empty when away or off the network).
    public func plan(subscriber index: Int, day: Int) -> DayPlan {
        guard city.isActive(index, on: day) else { return DayPlan() }
        var planner = DayPlanner(city: city, person: index, day: day)
        return planner.make()
    }
}
