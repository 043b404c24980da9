import Foundation
import PanoramaEngine
import PanoramaModel
import PanoramaStore

/// A subscriber's panorama with every index resolved to names: what `profile` prints and
/// `export` writes.
public struct SubscriberView: Sendable, Codable, Equatable {
    public struct Observed: Sendable, Codable, Equatable {
        public var days: Int
        public var first: CivilDate?
        public var last: CivilDate?
        public var records: Int
    }

    public struct AnchorView: Sendable, Codable, Equatable {
        public var kind: String
        public var place: String?
        public var placeName: String?
        public var placeType: String?
        public var cell: String
        /// Region path of the cell's store.
        public var region: String?
        public var days: Int
        public var first: CivilDate
        public var last: CivilDate
        public var confidence: Double
    }

    public struct TagView: Sendable, Codable, Equatable {
        public var dimension: String
        public var path: String
        public var status: String
        public var support: Int
        public var first: CivilDate
        public var last: CivilDate
        public var confidence: Double
        /// The place or event that last supported the tag, as `type id name`.
        public var evidence: String?
        public var rule: String
    }

    public struct StoreView: Sendable, Codable, Equatable {
        public var store: String
        public var name: String
        public var days: Int
        public var first: CivilDate
        public var last: CivilDate
    }

    /// A stretch of a typical day spent at one site.
    public struct HoursView: Sendable, Codable, Equatable {
        /// First hour and the hour after the last (0–24).
        public var from: Int
        public var to: Int
        public var cell: String
        /// `home` or `work` when the cell is at that anchor's site.
        public var anchor: String?
        /// Places the cell covers, the anchor's place or the nearest first, as `name (type)`.
        public var near: [String]
        /// Of the days the subscriber was seen at the stretch's least settled hour, those spent
        /// here (at least: a count never overstates).
        public var days: Int
        public var seen: Int
        public var share: Double
    }

    /// The hours of a typical weekday and weekend day, stretches at one site merged. Hours
    /// with no place held on enough of the days seen are left out.
    public struct TypicalDayView: Sendable, Codable, Equatable {
        public var weekdaysObserved: Int
        public var weekendDaysObserved: Int
        public var weekday: [HoursView]
        public var weekend: [HoursView]
    }

    public var pseudonym: String
    public var masked: String
    public var observed: Observed
    public var anchors: [AnchorView]
    public var tags: [TagView]
    /// Stores in whose radiation area the subscriber stayed, most days first.
    public var stores: [StoreView]
    public var typicalDay: TypicalDayView?
}

/// Reads the current panorama of a workspace.
public struct PanoramaReader: Sendable {
    public let workspace: Workspace
    public let build: PanoramaBuildRecord
    let dictionary: BuildDictionary
    let directory: URL
    /// The dimension of each tag path and each place as `name (type)`, worked out once: the
    /// dashboard views a panorama per request.
    let pathDimensions: [String]
    let placeLabels: [String]

    public init(workspace: Workspace) throws {
        guard let build = try workspace.latestBuild() else {
            throw PanoramaBuildError.notBuilt(workspace: workspace.layout.root.path)
        }
        self.workspace = workspace
        self.build = build
        directory = workspace.layout.generation(build.id)
        dictionary = try BuildDictionary.read(from: directory)
        pathDimensions = dictionary.paths.indices.map(dictionary.dimension(ofPath:))
        placeLabels = dictionary.places.map { "\($0.name) (\($0.type))" }
    }

    public var partitions: Int { dictionary.partitions }
    public var asOf: CivilDate { CivilDate(daysSinceEpoch: dictionary.asOfDay) }

    /// The catalog rule (its path as written, such as `preference/{event.category}`) that
    /// produces each tag path, by path.
    public var rulePaths: [String: String] {
        var result: [String: String] = [:]
        for (index, path) in dictionary.paths.enumerated() { result[path] = dictionary.rules[Int(dictionary.pathRules[index])].path }
        return result
    }

    /// The minimum support of the rule that produces each tag path, by path.
    public var minimumSupport: [String: Int] {
        var result: [String: Int] = [:]
        for (index, path) in dictionary.paths.enumerated() { result[path] = dictionary.rules[Int(dictionary.pathRules[index])].minimumSupport }
        return result
    }

    /// The stored states of one partition.
    public func states(partition: Int) throws -> [SubscriberState] {
        try StateFile.read(directory.appendingPathComponent(StateFile.name(partition: partition)), partition: partition, dictionary: dictionary)
    }

    /// The state of one subscriber, or `nil` when the panorama has nothing about them.
    public func state(of subscriber: UInt32) throws -> SubscriberState? {
        try states(partition: Int(subscriber) % dictionary.partitions).first { $0.subscriber == subscriber }
    }

    public func view(_ state: SubscriberState, pseudonym: String, masked: String) -> SubscriberView {
        func date(_ day: UInt16) -> CivilDate { CivilDate(daysSinceEpoch: Int(day)) }
        func evidence(_ value: UInt32) -> String? {
            if value == .max { return nil }
            if value & Tally.eventBit != 0 {
                let index = Int(value & ~Tally.eventBit)
                guard index < dictionary.events.count else { return nil }
                let event = dictionary.events[index]
                return "event \(event.id) \(event.name)"
            }
            guard Int(value) < dictionary.places.count else { return nil }
            let place = dictionary.places[Int(value)]
            return "\(place.type) \(place.id) \(place.name)"
        }
        let anchors = state.anchors.map { anchor -> SubscriberView.AnchorView in
            let place = anchor.place >= 0 && Int(anchor.place) < dictionary.places.count ? dictionary.places[Int(anchor.place)] : nil
            let cell = Int(anchor.cell) < dictionary.cells.count ? dictionary.cells[Int(anchor.cell)] : "#\(anchor.cell)"
            return SubscriberView.AnchorView(
                kind: anchor.kind.name, place: place?.id, placeName: place?.name, placeType: place?.type, cell: cell,
                region: regionPath(ofCell: Int(anchor.cell)), days: Int(anchor.days), first: date(anchor.first),
                last: date(anchor.last), confidence: Self.rounded(anchor.confidence))
        }
        let tags = state.tags.map { tag -> SubscriberView.TagView in
            let rule = dictionary.rules[Int(dictionary.pathRules[Int(tag.path)])]
            return SubscriberView.TagView(
                dimension: pathDimensions[Int(tag.path)], path: dictionary.paths[Int(tag.path)], status: tag.status.name,
                support: Int(tag.support), first: date(tag.first), last: date(tag.last), confidence: Self.rounded(tag.confidence),
                evidence: evidence(tag.evidence), rule: rule.description)
        }
        let stores = state.tallies.filter { $0.kind == .store && Int($0.key) < dictionary.stores.count }
            .sorted { ($0.days, $0.key) > ($1.days, $1.key) }
            .map { tally in
                let store = dictionary.stores[Int(tally.key)]
                return SubscriberView.StoreView(store: store.id, name: store.name, days: Int(tally.days), first: date(tally.first), last: date(tally.last))
            }
        return SubscriberView(
            pseudonym: pseudonym, masked: masked,
            observed: SubscriberView.Observed(
                days: Int(state.observedDays), first: state.observedDays > 0 ? date(state.firstDay) : nil,
                last: state.observedDays > 0 ? date(state.lastDay) : nil, records: Int(state.records)),
            anchors: anchors, tags: tags, stores: stores, typicalDay: typicalDay(state))
    }

    /// An hour enters the typical day when one place held it on this share of the days the
    /// subscriber was seen at that hour, and on two days at least: one day is not a habit.
    public static let typicalShare = 0.5

    private func typicalDay(_ state: SubscriberState) -> SubscriberView.TypicalDayView? {
        guard state.typicalDay.count == TypicalHour.slots else { return nil }
        var weekdays = 0
        var weekendDays = 0
        for tally in state.tallies where tally.kind == .weekday {
            if tally.key >= 5 { weekendDays += Int(tally.days) } else { weekdays += Int(tally.days) }
        }
        let sites = dictionary.cellSites ?? []
        func site(_ cell: Int32) -> Int32 { Int(cell) < sites.count ? sites[Int(cell)] : -1 - cell }
        let anchors = state.anchors.filter { $0.cell >= 0 }
        func stretches(_ offset: Int) -> [SubscriberView.HoursView] {
            var result: [SubscriberView.HoursView] = []
            var lastSite: Int32 = -1
            for hour in 0..<24 {
                let slot = state.typicalDay[offset + hour]
                guard let leader = slot.leader, leader.cell >= 0, Int(leader.cell) < dictionary.cells.count, leader.days >= 2,
                    Double(leader.days) >= Self.typicalShare * Double(slot.seen)
                else { continue }
                let share = Double(leader.days) / Double(slot.seen)
                if var last = result.last, last.to == hour, lastSite == site(leader.cell) {
                    last.to = hour + 1
                    if share < last.share {
                        (last.days, last.seen, last.share) = (leader.days, Int(slot.seen), Self.rounded(Float(share)))
                    }
                    result[result.count - 1] = last
                    continue
                }
                let anchor = anchors.first { site($0.cell) == site(leader.cell) }
                var places = dictionary.cellPlaces?[Int(leader.cell)] ?? []
                if let place = anchor?.place, place >= 0 { places = [place] + places.filter { $0 != place } }
                let near = places.prefix(BuildDictionary.placesPerCell).compactMap { Int($0) < placeLabels.count ? placeLabels[Int($0)] : nil }
                lastSite = site(leader.cell)
                result.append(
                    SubscriberView.HoursView(
                        from: hour, to: hour + 1, cell: dictionary.cells[Int(leader.cell)], anchor: anchor?.kind.name, near: near,
                        days: leader.days, seen: Int(slot.seen), share: Self.rounded(Float(share))))
            }
            return result
        }
        return SubscriberView.TypicalDayView(
            weekdaysObserved: weekdays, weekendDaysObserved: weekendDays, weekday: stretches(0), weekend: stretches(24))
    }

    /// The territory path of every subscriber's home, by subscriber index.
    public func homeRegions() throws -> [UInt32: String] {
        var homes: [UInt32: String] = [:]
        for partition in 0..<partitions {
            for state in try states(partition: partition) {
                if let home = state.anchor(.home), let path = regionPath(ofCell: Int(home.cell)) { homes[state.subscriber] = path }
            }
        }
        return homes
    }

    /// The region path of a cell's store as of this build.
    private func regionPath(ofCell cell: Int) -> String? {
        guard cell < dictionary.cellStores.count, dictionary.cellStores[cell] >= 0 else { return nil }
        return dictionary.stores[Int(dictionary.cellStores[cell])].path
    }

    static func rounded(_ value: Float) -> Double { (Double(value) * 1000).rounded() / 1000 }
}
