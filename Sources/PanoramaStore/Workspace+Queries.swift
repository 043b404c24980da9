import Foundation
import GRDB
import PanoramaModel

/// How much a workspace holds, for `panorama status` and the end of an ingest.
public struct WorkspaceStatus: Sendable, Codable, Equatable {
    public var regionsByLevel: [String: Int]
    public var cells: Int
    public var places: Int
    public var events: Int
    public var products: Int
    public var channels: Int
    public var subscribers: Int
    public var externalParties: Int
    public var usageMonths: Int
    public var subscriptions: Int
    public var handsetObservations: Int
    public var complaints: Int
    public var contacts: Int
    public var churnEvents: Int
    public var locationRecords: Int
    public var interactionRecords: Int
    public var segments: Int
    public var ingests: Int
    /// Earliest and latest location record, seconds since the Unix epoch.
    public var locationTimeRange: ClosedRange<Int64>?
}

/// A subscriber as the people using Panorama may see one: masked, never the full number.
public struct SubscriberSummary: Sendable, Codable, Equatable {
    public var index: UInt32
    public var pseudonym: Pseudonym
    public var masked: MaskedNumber
    public var profile: SubscriberProfile
}

extension Workspace {
    /// How many subscribers the workspace holds; their indexes run from 0 below it.
    public func subscriberCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM subscriber") ?? 0 }
    }

    public func status() throws -> WorkspaceStatus {
        try database.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            var levels: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT level, count(*) FROM region GROUP BY level") {
                levels[row[0]] = row[1]
            }
            let range = try Row.fetchOne(
                db, sql: "SELECT min(min_time), max(max_time) FROM record_segment WHERE volume = 'location'")
            let minimum: Int64? = range?[0]
            let maximum: Int64? = range?[1]
            return WorkspaceStatus(
                regionsByLevel: levels, cells: try count("SELECT count(*) FROM cell"),
                places: try count("SELECT count(*) FROM place"), events: try count("SELECT count(*) FROM event"),
                products: try count("SELECT count(*) FROM product"),
                channels: try count("SELECT count(*) FROM channel"),
                subscribers: try count("SELECT count(*) FROM subscriber"),
                externalParties: try count("SELECT count(*) FROM external_party"),
                usageMonths: try count("SELECT count(*) FROM monthly_usage"),
                subscriptions: try count("SELECT count(*) FROM subscription"),
                handsetObservations: try count("SELECT count(*) FROM handset_observation"),
                complaints: try count("SELECT count(*) FROM complaint"),
                contacts: try count("SELECT count(*) FROM contact"),
                churnEvents: try count("SELECT count(*) FROM churn_event"),
                locationRecords: try count(
                    "SELECT coalesce(sum(records), 0) FROM record_segment WHERE volume = 'location'"),
                interactionRecords: try count(
                    "SELECT coalesce(sum(records), 0) FROM record_segment WHERE volume = 'interaction'"),
                segments: try count("SELECT count(*) FROM record_segment"),
                ingests: try count("SELECT count(*) FROM ingest"),
                locationTimeRange: minimum.flatMap { low in maximum.map { low...$0 } })
        }
    }

    /// The segments of a volume in the manifest, optionally of one partition, oldest first.
    public func segments(of volume: RecordVolume, partition: Int? = nil) throws -> [RecordSegment] {
        try database.read { db in
            var sql = "SELECT file, partition, records, min_time, max_time, ingest_id FROM record_segment WHERE volume = ?"
            var arguments: StatementArguments = [volume.rawValue]
            if let partition {
                sql += " AND partition = ?"
                arguments += [partition]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY ingest_id, file", arguments: arguments).map { row in
                RecordSegment(
                    file: row[0], volume: volume, partition: row[1], records: row[2],
                    minTime: UInt32(row[3] as Int64), maxTime: UInt32(row[4] as Int64), ingest: row[5])
            }
        }
    }

    /// Every record of one partition of a volume, in segment order.
    public func records<Record: SegmentRecord>(_: Record.Type, partition: Int) throws -> [Record] {
        try RecordSegmentReader.read(segments(of: Record.volume, partition: partition), recordsRoot: layout.records, as: Record.self)
    }

    /// Every record of the given segments, in the order listed.
    public func records<Record: SegmentRecord>(_: Record.Type, in segments: [RecordSegment]) throws -> [Record] {
        try RecordSegmentReader.read(segments, recordsRoot: layout.records, as: Record.self)
    }

    /// Finds a subscriber by full number: the number is hashed, never searched for as text.
    public func subscriber(number: String) throws -> SubscriberSummary? {
        let pseudonym = pseudonymizer.pseudonym(of: number)
        return try database.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT idx, pseudonym, masked, activation_date, plan, quota_mb, monthly_fee, age, gender,
                        contract_end
                    FROM subscriber WHERE pseudonym = ?
                    """, arguments: [pseudonym.hex]
            ).map(Self.summary)
        }
    }

    /// The full numbers of subscribers, for authorized exports only.
    public func revealNumbers(of indexes: [UInt32]) throws -> [UInt32: String] {
        let directory = try database.read { db in try Self.readNumberDirectory(db, pseudonymizer: pseudonymizer) }
        var numbers: [UInt32: String] = [:]
        for index in indexes { numbers[index] = directory.number(of: index) }
        return numbers
    }

    static func readNumberDirectory(_ db: Database, pseudonymizer: Pseudonymizer) throws -> NumberDirectory {
        guard let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM number_directory WHERE id = 1") else {
            return NumberDirectory()
        }
        return try pseudonymizer.reveal(sealed)
    }

    private static func summary(_ row: Row) -> SubscriberSummary {
        let gender: String? = row[8]
        let contractEnd: String? = row[9]
        return SubscriberSummary(
            index: UInt32(row[0] as Int64), pseudonym: Pseudonym(hex: row[1]) ?? Pseudonym(hashBytes: []),
            masked: MaskedNumber(numberBytes: Array((row[2] as String).utf8)),
            profile: SubscriberProfile(
                activationDate: CivilDate(text: row[3]) ?? CivilDate(daysSinceEpoch: 0), plan: row[4],
                quotaMB: row[5], monthlyFee: row[6], age: row[7], gender: gender.flatMap(Gender.init(rawValue:)),
                contractEnd: contractEnd.flatMap(CivilDate.init(text:))))
    }
}
