import Foundation
import PanoramaEngine
import PanoramaModel
import PanoramaStore

/// Builds a workspace's panorama, fully or from the records ingested since the last build.
///
/// Partitions are independent and run on all cores; each reads its previous states (for an
/// incremental build) and its new segments, runs the engine and writes its new states into
/// a staging generation. Only when every partition is written is the build recorded, so a
/// failed or interrupted build leaves the previous panorama current.
public struct PanoramaBuilder {
    public struct Options: Sendable {
        /// A catalog file to build with, kept for later builds; otherwise the one kept, or the
        /// built-in catalog.
        public var catalog: URL?
        /// Go back to the built-in catalog, forgetting a kept one.
        public var defaultCatalog = false
        /// Rebuild from all records even when an incremental build is possible.
        public var full = false
        public var workers = ParallelWorkers.defaultCount

        public init(catalog: URL? = nil, defaultCatalog: Bool = false, full: Bool = false, workers: Int = ParallelWorkers.defaultCount) {
            self.catalog = catalog
            self.defaultCatalog = defaultCatalog
            self.full = full
            self.workers = workers
        }
    }

    public struct Report: Sendable, Codable, Equatable {
        /// `nil` when nothing new was ingested since the last build.
        public var build: PanoramaBuildRecord?
        /// No location records were ingested since the last build, so none was made.
        public var upToDate = false
        /// Why the build was full, when it was.
        public var fullBecause: String?
        public var catalog: String
        /// Records read by this build (for an incremental build, the new ones only).
        public var recordsRead: Int
        public var seconds: Double
        /// Subscribers with an active tag per dimension.
        public var subscribersByDimension: [String: Int]
        public var activeTagsByDimension: [String: Int]
        /// A full build could not read the previous panorama (damaged, or written by another
        /// version), so the tags earlier builds gave are not kept as history.
        public var historyLost = false
        public var timings = Timings()
    }

    /// Where a build's time went: what an incremental build costs besides its new records.
    public struct Timings: Sendable, Codable, Equatable {
        /// Wall-clock seconds before the partitions (catalog, reference data, what the last
        /// build left), for the partitions, and for writing the dictionary and committing.
        public var setUp: Double = 0
        public var partitions: Double = 0
        public var commit: Double = 0
        /// The workers that ran the partitions; 0 when no build was needed.
        public var workers = 1
        /// Seconds of the partitions' steps, summed over the workers (the text report shows
        /// them per worker).
        public var readingStates: Double = 0
        public var readingRecords: Double = 0
        public var observing: Double = 0
        public var assembling: Double = 0
        public var writingStates: Double = 0

        mutating func add(_ other: Timings) {
            readingStates += other.readingStates
            readingRecords += other.readingRecords
            observing += other.observing
            assembling += other.assembling
            writingStates += other.writingStates
        }
    }

    let workspace: Workspace
    let options: Options

    public init(workspace: Workspace, options: Options = Options()) {
        self.workspace = workspace
        self.options = options
    }

    /// The catalog this build will use, how it was chosen, and whether it is the user's own.
    public func catalog() throws -> (catalog: TagCatalog, name: String, isOwn: Bool) {
        if let url = options.catalog {
            return (try CatalogParser.load(url, displayName: url.path), url.path, true)
        }
        if !options.defaultCatalog && FileManager.default.fileExists(atPath: workspace.layout.catalog.path) {
            return (
                try CatalogParser.load(workspace.layout.catalog, displayName: workspace.layout.catalog.path),
                "the workspace's catalog (panorama/catalog.yaml)", true
            )
        }
        return (try DefaultCatalog.load(), "the built-in catalog", false)
    }

    public func run() throws -> Report {
        let started = Date()
        let (catalog, catalogName, isOwn) = try catalog()
        return try workspace.exclusively {
            try build(catalog: catalog, catalogName: catalogName, isOwn: isOwn, started: started)
        }
    }

    private func build(catalog: TagCatalog, catalogName: String, isOwn: Bool, started: Date) throws -> Report {
        let digest = ContentDigest.sha256(Data(catalog.text.utf8))
        let previous = try workspace.latestBuild()
        let segments = try workspace.segments(of: .location)
        guard !segments.isEmpty else { throw PanoramaBuildError.noRecords(workspace: workspace.layout.root.path) }
        let referenceData = try workspace.referenceData()
        let reference = ReferenceIndex(
            cells: referenceData.cells, regions: referenceData.regions, places: referenceData.places, events: referenceData.events,
            offset: workspace.configuration.utcOffset, defaultRadiationMeters: catalog.settings.storeRadiationMeters)
        let compiled = CompiledCatalog(catalog, reference: reference)
        let partitions = workspace.configuration.partitions
        let referenceDigest = try referenceData.digest()

        var fullBecause: String?
        var previousDictionary: BuildDictionary?
        var newSegments = segments
        if options.full {
            fullBecause = "--full was given"
        } else if let previous {
            if previous.catalogDigest != digest {
                fullBecause = "the catalog changed since the last build"
            } else {
                newSegments = segments.filter { $0.ingest > previous.lastIngest }
                let dictionary = try BuildDictionary.read(from: workspace.layout.generation(previous.id))
                let builtUntil = dictionary.asOfDay
                if dictionary.referenceDigest != referenceDigest {
                    fullBecause = "cells, places, events or regions changed since the last build"
                    newSegments = segments
                } else if dictionary.cellSites == nil && !newSegments.isEmpty {
                    // Its states have no typical day: adding days to them would show a day
                    // in the life drawn from the new days alone.
                    fullBecause = "the last build predates the typical day"
                    newSegments = segments
                } else if dictionary.engine != BuildDictionary.currentEngine && !newSegments.isEmpty {
                    fullBecause = "the last build was made by an earlier version of the engine"
                    newSegments = segments
                } else if newSegments.isEmpty {
                    let seconds = Date().timeIntervalSince(started)
                    return Report(
                        build: nil, upToDate: true, fullBecause: nil, catalog: catalogName, recordsRead: 0, seconds: seconds,
                        subscribersByDimension: [:], activeTagsByDimension: [:], timings: Timings(setUp: seconds, workers: 0))
                } else if newSegments.contains(where: { reference.localDay($0.minTime) <= builtUntil }) {
                    fullBecause = "new records fall on or before \(CivilDate(daysSinceEpoch: builtUntil)), the last day built"
                    newSegments = segments
                } else {
                    previousDictionary = dictionary
                }
            }
        } else {
            fullBecause = "it is the first build"
        }
        let asOf = max(
            previousDictionary?.asOfDay ?? Int.min, newSegments.map { reference.localDay($0.maxTime) }.max() ?? Int.min)
        let firstDay = previousDictionary == nil
            ? newSegments.map { reference.localDay($0.minTime) }.min()
            : (previous?.firstDay?.daysSinceEpoch)
        let dictionary = BuildDictionary(
            compiled: compiled, reference: reference, referenceDigest: referenceDigest, asOfDay: asOf, partitions: partitions)
        let staging = try workspace.panoramaStaging()
        let previousDirectory = previous.map { self.workspace.layout.generation($0.id) }
        var grouping = [[RecordSegment]](repeating: [], count: partitions)
        for segment in newSegments where segment.partition < partitions { grouping[segment.partition].append(segment) }
        let byPartition = grouping

        let workers = max(1, min(options.workers, partitions))
        let subscriberCount = try workspace.subscriberCount()
        let workspace = self.workspace
        let incremental = previousDictionary != nil
        // A full build starts from no evidence but keeps the tags earlier builds gave, as history.
        let historyDictionary = previousDictionary ?? previous.flatMap { try? BuildDictionary.read(from: self.workspace.layout.generation($0.id)) }
        let historyUnreadable = previous != nil && historyDictionary == nil
        let partitionsStarted = ContinuousClock.now
        let results = try ParallelWorkers.run(count: workers) { worker -> PartitionTotals in
            var totals = PartitionTotals(dimensions: TagDimension.allCases.count)
            var pass = PartitionPass(reference: reference, compiled: compiled)
            var stopwatch = Stopwatch()
            for partition in stride(from: worker, to: partitions, by: workers) {
                stopwatch.restart()
                var states: [SubscriberState] = []
                if let previousDirectory, let oldDictionary = historyDictionary {
                    let file = previousDirectory.appendingPathComponent(StateFile.name(partition: partition))
                    do {
                        let stored = try StateFile.read(file, partition: partition, dictionary: oldDictionary, subscribers: subscriberCount)
                        states = Self.dense(stored, partitions: partitions)
                        oldDictionary.remap(&states, to: dictionary)
                        if incremental == false { states = states.map(Self.historyOnly) }
                    } catch PanoramaBuildError.damaged where !incremental {
                        // A full build does not need the previous panorama; it loses its history.
                        totals.historyLost = true
                    }
                }
                totals.timings.readingStates += stopwatch.lap()
                let records = try workspace.records(LocationRecord.self, in: byPartition[partition])
                totals.records += records.count
                totals.timings.readingRecords += stopwatch.lap()
                pass.add(records, partition: partition, partitions: partitions, to: &states)
                totals.timings.observing += stopwatch.lap()
                pass.assemble(&states, asOf: asOf)
                totals.count(states, compiled: compiled)
                totals.timings.assembling += stopwatch.lap()
                try StateFile.write(states, partition: partition, to: staging.appendingPathComponent(StateFile.name(partition: partition)))
                totals.timings.writingStates += stopwatch.lap()
            }
            return totals
        }
        let committing = ContinuousClock.now
        try dictionary.write(to: staging)
        var totals = results.reduce(into: PartitionTotals(dimensions: TagDimension.allCases.count)) { $0.merge($1) }
        totals.historyLost = totals.historyLost || historyUnreadable
        let record = PanoramaBuildRecord(
            id: try workspace.nextBuildID(), startedAt: Int64(started.timeIntervalSince1970), finishedAt: Int64(Date().timeIntervalSince1970),
            kind: previousDictionary == nil ? .full : .incremental, catalogDigest: digest,
            lastIngest: segments.map(\.ingest).max() ?? 0, firstDay: firstDay.map(CivilDate.init(daysSinceEpoch:)),
            lastDay: CivilDate(daysSinceEpoch: asOf),
            daysAdded: Set(newSegments.flatMap { reference.localDay($0.minTime)...reference.localDay($0.maxTime) }).count,
            records: totals.records, subscribers: totals.subscribers, activeTags: totals.activeTags.reduce(0, +))
        try workspace.commitPanorama(staging: staging, record: record, catalogText: isOwn ? catalog.text : nil)
        var timings = totals.timings
        timings.workers = workers
        timings.setUp = Date().timeIntervalSince(started) - Stopwatch.seconds(partitionsStarted.duration(to: .now))
        timings.partitions = Stopwatch.seconds(partitionsStarted.duration(to: committing))
        timings.commit = Stopwatch.seconds(committing.duration(to: .now))
        var subscribersByDimension: [String: Int] = [:]
        var tagsByDimension: [String: Int] = [:]
        for (index, dimension) in TagDimension.allCases.enumerated() {
            subscribersByDimension[dimension.rawValue] = totals.subscribersWith[index]
            tagsByDimension[dimension.rawValue] = totals.activeTags[index]
        }
        return Report(
            build: record, fullBecause: fullBecause, catalog: catalogName, recordsRead: totals.records,
            seconds: Date().timeIntervalSince(started), subscribersByDimension: subscribersByDimension,
            activeTagsByDimension: tagsByDimension, historyLost: totals.historyLost, timings: timings)
    }

    /// A state reduced to its tags: what a full build carries over from the previous one.
    static func historyOnly(_ state: SubscriberState) -> SubscriberState {
        var kept = SubscriberState(subscriber: state.subscriber)
        kept.tags = state.tags
        return kept
    }

    /// Stored states (present subscribers only) placed at their local index.
    static func dense(_ stored: [SubscriberState], partitions: Int) -> [SubscriberState] {
        guard let last = stored.map({ Int($0.subscriber) / partitions }).max() else { return [] }
        let partition = UInt32(Int(stored[0].subscriber) % partitions)
        var states = (0...last).map { SubscriberState(subscriber: UInt32($0 * partitions) + partition) }
        for state in stored { states[Int(state.subscriber) / partitions] = state }
        return states
    }
}

/// Counts of one worker's partitions.
struct PartitionTotals: Sendable {
    var records = 0
    var timings = PanoramaBuilder.Timings()
    var historyLost = false
    var subscribers = 0
    var activeTags: [Int]
    var subscribersWith: [Int]

    init(dimensions: Int) {
        activeTags = [Int](repeating: 0, count: dimensions)
        subscribersWith = activeTags
    }

    mutating func count(_ states: [SubscriberState], compiled: CompiledCatalog) {
        let dimensions = TagDimension.allCases
        for state in states where !state.isEmpty {
            subscribers += 1
            var seen: UInt32 = 0
            for tag in state.tags where tag.status == .active {
                let dimension = dimensions.firstIndex(of: compiled.dimension(ofPath: tag.path)) ?? 0
                activeTags[dimension] += 1
                seen |= 1 << dimension
            }
            for index in activeTags.indices where seen & 1 << index != 0 { subscribersWith[index] += 1 }
        }
    }

    mutating func merge(_ other: PartitionTotals) {
        records += other.records
        timings.add(other.timings)
        historyLost = historyLost || other.historyLost
        subscribers += other.subscribers
        for index in activeTags.indices {
            activeTags[index] += other.activeTags[index]
            subscribersWith[index] += other.subscribersWith[index]
        }
    }
}

/// Seconds since the last lap, for the timings of a build's steps.
struct Stopwatch {
    private var last = ContinuousClock.now

    mutating func restart() { last = .now }

    mutating func lap() -> Double {
        let now = ContinuousClock.now
        defer { last = now }
        return Self.seconds(last.duration(to: now))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
