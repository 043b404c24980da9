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

    public var pseudonym: String
    public var masked: String
    public var observed: Observed
    public var anchors: [AnchorView]
    public var tags: [TagView]
    /// Stores in whose radiation area the subscriber stayed, most days first.
    public var stores: [StoreView]
}

/// Reads the current panorama of a workspace.
public struct PanoramaReader: Sendable {
    public let workspace: Workspace
    public let build: PanoramaBuildRecord
    let dictionary: BuildDictionary
    let directory: URL

    public init(workspace: Workspace) throws {
        guard let build = try workspace.latestBuild() else {
            throw PanoramaBuildError.notBuilt(workspace: workspace.layout.root.path)
        }
        self.workspace = workspace
        self.build = build
        directory = workspace.layout.generation(build.id)
        dictionary = try BuildDictionary.read(from: directory)
    }

    public var partitions: Int { dictionary.partitions }
    public var asOf: CivilDate { CivilDate(daysSinceEpoch: dictionary.asOfDay) }

    /// The minimum support of the rule that produces each tag path, by path.
    public var minimumSupport: [String: Int] {
        var result: [String: Int] = [:]
        for (index, path) in dictionary.paths.enumerated() { result[path] = dictionary.rules[Int(dictionary.pathRules[index])].minimumSupport }
        return result
    }

    /// The stored states of one partition.
    public func states(partition: Int) throws -> [SubscriberState] {
        try StateFile.read(directory.appendingPathComponent(StateFile.name(partition: partition)))
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
                dimension: dictionary.dimension(ofPath: Int(tag.path)), path: dictionary.paths[Int(tag.path)], status: tag.status.name,
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
            anchors: anchors, tags: tags, stores: stores)
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
