import Foundation
import PanoramaEngine
import PanoramaModel
import PanoramaStore

/// What a generation's numbers mean: its tag paths, stores, places and events by index.
///
/// States refer to these by index; a reader resolves them here, and an incremental build
/// maps them onto the new reference when places, events or stores changed since.
struct BuildDictionary: Codable, Equatable {
    struct Store: Codable, Equatable {
        var id: String
        var name: String
        var path: String
    }

    struct Place: Codable, Equatable {
        var id: String
        var name: String
        var type: String
    }

    struct Event: Codable, Equatable {
        var id: String
        var name: String
        var category: String
        var start: Int64
    }

    struct Rule: Codable, Equatable {
        var path: String
        var description: String
        /// Days of evidence the rule needs: its `min_support`, an anchor's `min_days`, or the
        /// largest of the tags it requires.
        var minimumSupport: Int
        var validityDays: Int?
    }

    var paths: [String]
    /// For each path, the index of its rule in `rules`.
    var pathRules: [Int32]
    var rules: [Rule]
    var cells: [String]
    /// Store index of each cell, -1 for none.
    var cellStores: [Int32]
    var stores: [Store]
    var places: [Place]
    /// For each cell, the places it covers nearest its centre first, bus stops last (at most
    /// `placesPerCell`): what a cell in a typical day is labelled with; a bus stop says
    /// little of where one spends an hour. Absent in builds made
    /// before the typical day was kept.
    var cellPlaces: [[Int32]]?
    /// Each cell's site, numbered densely, so that sectors of one mast read as one spot.
    var cellSites: [Int32]?
    var events: [Event]
    /// The last local day of data in the build (days since 1970-01-01).
    var asOfDay: Int
    var partitions: Int
    /// SHA-256 of the reference data the build read: when cells, places, events or regions
    /// change, earlier days' visits would read differently, so the next build is full.
    var referenceDigest: String?

    /// How the engine reads records into tallies. Raised when that changes (2: repeated
    /// records are dropped; 3: a stay counts for one place, footprints are sampled evenly;
    /// 4: a ride's window is read from the ride, not from the far end of a long stay, and
    /// night-shift workers' anchors are read the other way round; 5: a stay where a ride
    /// begins or ends counts for no visit, and rides with a long-stay end may be held to a
    /// walk and a speed of their own; 6: visits on the days of the week a rule does not look
    /// at are counted for `max_off_day_ratio`), so that the next build is full rather than
    /// adding new days to tallies counted the old way.
    static let currentEngine = 6
    /// The engine that built the generation; absent before engine 2.
    var engine: Int?

    static let fileName = "dictionary.json"
    static let placesPerCell = 2

    init(compiled: CompiledCatalog, reference: ReferenceIndex, referenceDigest: String, asOfDay: Int, partitions: Int) {
        self.referenceDigest = referenceDigest
        engine = Self.currentEngine
        paths = compiled.paths
        pathRules = compiled.pathRule
        let catalog = compiled.catalog
        func support(_ rule: TagRule) -> Int {
            switch rule.source {
            case .anchor: return (rule.anchor == .work ? catalog.work : catalog.home).minimumDays
            case .visit, .ride, .event: return rule.minimumSupport
            case .tags: return rule.requires.compactMap { catalog.rule(producing: $0).map(support) }.max() ?? 1
            }
        }
        rules = catalog.rules.map {
            Rule(path: $0.path.text, description: $0.description, minimumSupport: support($0), validityDays: $0.validityDays)
        }
        cells = reference.cellIDs
        cellStores = reference.cellStore
        stores = reference.stores.map { Store(id: $0.id, name: $0.name, path: $0.path) }
        places = reference.places.map { Place(id: $0.id, name: $0.name, type: $0.type.rawValue) }
        cellSites = reference.cellSite
        cellPlaces = reference.cellIDs.indices.map { cell in
            let covered = reference.cellPlaces[Int(reference.cellPlaceStart[cell])..<Int(reference.cellPlaceStart[cell + 1])]
            func distance(_ place: Int32) -> Double {
                let dx = reference.placeX[Int(place)] - reference.cellX[cell]
                let dy = reference.placeY[Int(place)] - reference.cellY[cell]
                return dx * dx + dy * dy
            }
            func isBusStop(_ place: Int32) -> Int { reference.places[Int(place)].type == .busStop ? 1 : 0 }
            let nearest = covered.sorted { (isBusStop($0), distance($0), $0) < (isBusStop($1), distance($1), $1) }
            return Array(nearest.prefix(Self.placesPerCell))
        }
        events = reference.events.map { Event(id: $0.id, name: $0.name, category: reference.categories[Int($0.category)], start: $0.start) }
        self.asOfDay = asOfDay
        self.partitions = partitions
    }

    func write(to directory: URL) throws {
        let url = directory.appendingPathComponent(Self.fileName)
        do {
            try JSONEncoder().encode(self).write(to: url)
        } catch {
            throw WorkspaceError.io(path: url.path, reason: error.localizedDescription)
        }
    }

    static func read(from directory: URL) throws -> BuildDictionary {
        let url = directory.appendingPathComponent(fileName)
        do {
            return try JSONDecoder().decode(BuildDictionary.self, from: Data(contentsOf: url))
        } catch {
            throw PanoramaBuildError.damaged(path: url.path, reason: "it cannot be read (\(error.localizedDescription))")
        }
    }

    func dimension(ofPath path: Int) -> String {
        String(paths[path].prefix { $0 != "/" })
    }

    /// Rewrites the indexes of states written with `self` to those of `new`, dropping what
    /// no longer exists (a tag path the catalog no longer produces, a removed place).
    func remap(_ states: inout [SubscriberState], to new: BuildDictionary) {
        guard self.paths != new.paths || self.stores != new.stores || self.places != new.places || self.events != new.events
        else { return }
        func table<T: Equatable>(_ old: [T], _ current: [T], key: (T) -> String) -> [Int32] {
            var index: [String: Int32] = [:]
            for (position, item) in current.enumerated() { index[key(item)] = Int32(position) }
            return old.map { index[key($0)] ?? -1 }
        }
        let pathMap = table(paths, new.paths) { $0 }
        let storeMap = table(stores, new.stores) { $0.id }
        let placeMap = table(places, new.places) { $0.id }
        let eventMap = table(events, new.events) { $0.id }
        func evidence(_ value: UInt32) -> UInt32 {
            if value == .max { return value }
            if value & Tally.eventBit != 0 {
                let mapped = eventMap[Int(value & ~Tally.eventBit)]
                return mapped < 0 ? .max : UInt32(mapped) | Tally.eventBit
            }
            let mapped = placeMap[Int(value)]
            return mapped < 0 ? .max : UInt32(mapped)
        }
        for index in states.indices {
            var state = states[index]
            state.tallies = state.tallies.compactMap { tally in
                var tally = tally
                switch tally.kind {
                case .night, .work, .weekday, .nightPartner, .workPartner, .haunt: break
                case .tag, .tagAtCell, .offDayTag, .offDayTagAtCell:
                    guard pathMap[Int(tally.key)] >= 0 else { return nil }
                    tally.key = UInt32(pathMap[Int(tally.key)])
                case .store:
                    guard storeMap[Int(tally.key)] >= 0 else { return nil }
                    tally.key = UInt32(storeMap[Int(tally.key)])
                }
                tally.evidence = evidence(tally.evidence)
                return tally
            }
            state.restoreTallyOrder()
            state.anchors = state.anchors.map { anchor in
                var anchor = anchor
                if anchor.place >= 0 { anchor.place = placeMap[Int(anchor.place)] }
                return anchor
            }
            state.tags = state.tags.compactMap { tag in
                guard pathMap[Int(tag.path)] >= 0 else { return nil }
                var tag = tag
                tag.path = pathMap[Int(tag.path)]
                tag.evidence = evidence(tag.evidence)
                return tag
            }
            states[index] = state
        }
    }
}

/// Why a build could not run or a panorama could not be read.
public enum PanoramaBuildError: UserFacingError, Equatable {
    case notBuilt(workspace: String)
    case damaged(path: String, reason: String)
    case noRecords(workspace: String)

    public var userMessage: String {
        switch self {
        case .notBuilt(let workspace):
            "The workspace \(workspace) has no panorama yet; run `panorama build \(workspace)` first."
        case .damaged(let path, let reason):
            "The panorama file \(path) is damaged: \(reason). Run `panorama build --full` to rebuild it."
        case .noRecords(let workspace):
            "The workspace \(workspace) holds no location records to build a panorama from; ingest some with `panorama ingest`."
        }
    }
}
