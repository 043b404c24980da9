import Crypto
import Foundation
import GRDB
import PanoramaModel

/// One completed panorama build, as the manifest records it.
public struct PanoramaBuildRecord: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case full
        case incremental
    }

    public var id: Int
    public var startedAt: Int64
    public var finishedAt: Int64
    public var kind: Kind
    /// SHA-256 of the catalog text; a different catalog needs a full build.
    public var catalogDigest: String
    /// The last ingest whose records are in this panorama.
    public var lastIngest: Int
    public var firstDay: CivilDate?
    public var lastDay: CivilDate?
    public var daysAdded: Int
    public var records: Int
    public var subscribers: Int
    public var activeTags: Int

    public init(
        id: Int, startedAt: Int64, finishedAt: Int64, kind: Kind, catalogDigest: String, lastIngest: Int, firstDay: CivilDate?,
        lastDay: CivilDate?, daysAdded: Int, records: Int, subscribers: Int, activeTags: Int
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.kind = kind
        self.catalogDigest = catalogDigest
        self.lastIngest = lastIngest
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.daysAdded = daysAdded
        self.records = records
        self.subscribers = subscribers
        self.activeTags = activeTags
    }
}

/// The reference tables as the engine compiles them, cells in index order.
public struct ReferenceData: Sendable, Codable {
    public var cells: [Cell]
    public var regions: [Region]
    public var places: [Place]
    public var events: [Event]

    /// SHA-256 of the whole reference, hex: equal digests mean equal reference data.
    public func digest() throws -> String {
        ContentDigest.sha256(try JSONEncoder.sorted.encode(self))
    }
}

/// Fingerprints of what a panorama was built from, to tell whether it changed.
public enum ContentDigest {
    /// SHA-256 of the bytes, as 64 lowercase hexadecimal characters.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

extension Workspace {
    /// Runs `body` holding the workspace lock, so that no ingest or other build changes the
    /// workspace meanwhile.
    public func exclusively<T>(_ body: () throws -> T) throws -> T {
        let lock = try WorkspaceLock(at: layout.lock, workspace: layout.root.path)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// The build whose panorama is current, if the workspace was ever built.
    public func latestBuild() throws -> PanoramaBuildRecord? {
        try database.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, started_at, finished_at, kind, catalog_digest, last_ingest, first_day, last_day, days_added,
                        records, subscribers, active_tags
                    FROM panorama_build ORDER BY id DESC LIMIT 1
                    """
            ).map { row in
                let first: String? = row[6]
                let last: String? = row[7]
                return PanoramaBuildRecord(
                    id: row[0], startedAt: row[1], finishedAt: row[2], kind: PanoramaBuildRecord.Kind(rawValue: row[3]) ?? .full,
                    catalogDigest: row[4], lastIngest: row[5], firstDay: first.flatMap(CivilDate.init(text:)),
                    lastDay: last.flatMap(CivilDate.init(text:)), daysAdded: row[8], records: row[9], subscribers: row[10],
                    activeTags: row[11])
            }
        }
    }

    /// The id the next build will have.
    public func nextBuildID() throws -> Int {
        try database.read { db in (try Int.fetchOne(db, sql: "SELECT max(id) FROM panorama_build") ?? 0) + 1 }
    }

    /// Makes a finished build current: its files (already complete in `staging`) become the
    /// generation directory, the build is recorded, and older generations are removed. Until
    /// the record is committed the previous panorama stays the current one.
    ///
    /// `catalogText` is the user's own catalog, kept for later builds; `nil` means the
    /// built-in catalog, which is not copied, so that a newer panorama's default applies.
    public func commitPanorama(staging: URL, record: PanoramaBuildRecord, catalogText: String?) throws {
        let fileManager = FileManager.default
        let target = layout.generation(record.id)
        do {
            if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
            try fileManager.moveItem(at: staging, to: target)
            let catalogStaging = layout.panorama.appendingPathComponent(".catalog.yaml.new")
            if let catalogText { try Data(catalogText.utf8).write(to: catalogStaging) }
            try database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO panorama_build (id, started_at, finished_at, kind, catalog_digest, last_ingest, first_day,
                            last_day, days_added, records, subscribers, active_tags)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.id, record.startedAt, record.finishedAt, record.kind.rawValue, record.catalogDigest, record.lastIngest,
                        record.firstDay?.description, record.lastDay?.description, record.daysAdded, record.records,
                        record.subscribers, record.activeTags,
                    ])
            }
            if fileManager.fileExists(atPath: layout.catalog.path) { try fileManager.removeItem(at: layout.catalog) }
            if catalogText != nil { try fileManager.moveItem(at: catalogStaging, to: layout.catalog) }
        } catch let error as WorkspaceError {
            throw error
        } catch {
            throw WorkspaceError.io(path: target.path, reason: error.localizedDescription)
        }
        removeStaleGenerations(keeping: record.id)
    }

    /// A fresh directory for a build to write its generation into, beside the generations.
    public func panoramaStaging() throws -> URL {
        let staging = layout.panorama.appendingPathComponent(".building")
        do {
            try? FileManager.default.removeItem(at: staging)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError.io(path: staging.path, reason: error.localizedDescription)
        }
        return staging
    }

    /// Removes generation directories other than `keeping`: older builds, and any left by a
    /// build that was killed before it committed.
    public func removeStaleGenerations(keeping build: Int) {
        let keep = layout.generation(build).lastPathComponent
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: layout.panorama.path)) ?? []
        for name in entries where name.hasPrefix("g") && name != keep {
            try? FileManager.default.removeItem(at: layout.panorama.appendingPathComponent(name))
        }
    }

    /// Cells (in index order), regions, places with their covering cells, and events.
    public func referenceData() throws -> ReferenceData {
        try database.read { db in
            let cells = try Row.fetchAll(db, sql: "SELECT id, site, latitude, longitude, store FROM cell ORDER BY idx").map { row in
                Cell(id: row[0], site: row[1], coordinate: Coordinate(latitude: row[2], longitude: row[3]), store: row[4])
            }
            let regions = try Row.fetchAll(
                db, sql: "SELECT id, name, level, parent, latitude, longitude, radiation_radius_m FROM region ORDER BY id"
            ).compactMap { row -> Region? in
                guard let level = RegionLevel(rawValue: row[2]) else { return nil }
                let latitude: Double? = row[4]
                let longitude: Double? = row[5]
                return Region(
                    id: row[0], name: row[1], level: level, parent: row[3],
                    coordinate: latitude.flatMap { lat in longitude.map { Coordinate(latitude: lat, longitude: $0) } },
                    radiationRadiusMeters: row[6])
            }
            var covering: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT pc.place, c.id FROM place_cell pc JOIN cell c ON c.idx = pc.cell_idx ORDER BY pc.place, c.idx")
            {
                covering[row[0], default: []].append(row[1])
            }
            let places = try Row.fetchAll(
                db, sql: "SELECT id, name, type, latitude, longitude, radius_m, attributes FROM place ORDER BY id"
            ).compactMap { row -> Place? in
                guard let type = PlaceType(rawValue: row[2]) else { return nil }
                let attributes = (try? JSONDecoder().decode([String: String].self, from: Data((row[6] as String).utf8))) ?? [:]
                return Place(
                    id: row[0], name: row[1], type: type, coordinate: Coordinate(latitude: row[3], longitude: row[4]),
                    radiusMeters: row[5], coveringCells: covering[row[0]] ?? [], attributes: attributes)
            }
            let events = try Row.fetchAll(db, sql: "SELECT id, name, place, start, \"end\", category FROM event ORDER BY id").map { row in
                Event(
                    id: row[0], name: row[1], place: row[2], start: row[3], end: row[4],
                    category: (row[5] as String).split(separator: "/").map(String.init))
            }
            return ReferenceData(cells: cells, regions: regions, places: places, events: events)
        }
    }

    /// Pseudonym and masked number of every subscriber, by index.
    public func allSubscriberKeys() throws -> [(index: UInt32, pseudonym: String, masked: String)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT idx, pseudonym, masked FROM subscriber ORDER BY idx").map { row in
                (UInt32(row[0] as Int64), row[1], row[2])
            }
        }
    }
}
