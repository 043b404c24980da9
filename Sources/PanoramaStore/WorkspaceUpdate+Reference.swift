import Foundation
import GRDB
import PanoramaModel

extension WorkspaceUpdate {
    /// Adds a region or replaces the one with the same identifier.
    public func save(_ region: Region) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO region (id, name, level, parent, latitude, longitude, radiation_radius_m)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, level = excluded.level,
                    parent = excluded.parent, latitude = excluded.latitude, longitude = excluded.longitude,
                    radiation_radius_m = excluded.radiation_radius_m
                """
        ).execute(arguments: [
            region.id, region.name, region.level.rawValue, region.parent, region.coordinate?.latitude,
            region.coordinate?.longitude, region.radiationRadiusMeters,
        ])
    }

    /// Adds a cell or updates the one with the same identifier; returns its dense index,
    /// which never changes once assigned.
    @discardableResult
    public func save(_ cell: Cell) throws -> UInt32 {
        try db.cachedStatement(
            sql: """
                INSERT INTO cell (id, site, latitude, longitude, store, idx)
                VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(idx) + 1, 0) FROM cell))
                ON CONFLICT(id) DO UPDATE SET site = excluded.site, latitude = excluded.latitude,
                    longitude = excluded.longitude, store = excluded.store
                """
        ).execute(arguments: [cell.id, cell.site, cell.coordinate.latitude, cell.coordinate.longitude, cell.store])
        return try UInt32(Int64.fetchOne(db, sql: "SELECT idx FROM cell WHERE id = ?", arguments: [cell.id]) ?? 0)
    }

    /// Adds a place or replaces the one with the same identifier, with its covering cells.
    public func save(_ place: Place, coveringCellIndexes: [UInt32]) throws {
        let attributes = try JSONEncoder.sorted.encode(place.attributes)
        try db.cachedStatement(
            sql: """
                INSERT INTO place (id, name, type, latitude, longitude, radius_m, attributes)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type,
                    latitude = excluded.latitude, longitude = excluded.longitude,
                    radius_m = excluded.radius_m, attributes = excluded.attributes
                """
        ).execute(arguments: [
            place.id, place.name, place.type.rawValue, place.coordinate.latitude, place.coordinate.longitude,
            place.radiusMeters, String(decoding: attributes, as: UTF8.self),
        ])
        try db.execute(sql: "DELETE FROM place_cell WHERE place = ?", arguments: [place.id])
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO place_cell (place, cell_idx) VALUES (?, ?)")
        for cell in coveringCellIndexes { try insert.execute(arguments: [place.id, Int64(cell)]) }
    }

    /// Adds an event or replaces the one with the same identifier.
    public func save(_ event: Event) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO event (id, name, place, start, "end", category) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, place = excluded.place,
                    start = excluded.start, "end" = excluded."end", category = excluded.category
                """
        ).execute(arguments: [
            event.id, event.name, event.place, event.start, event.end, event.category.joined(separator: "/"),
        ])
    }

    /// Adds a product or replaces the one with the same identifier.
    public func save(_ product: Product) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO product (id, name, kind, monthly_price, launch_date) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                    monthly_price = excluded.monthly_price, launch_date = excluded.launch_date
                """
        ).execute(arguments: [
            product.id, product.name, product.kind.rawValue, product.monthlyPrice, product.launchDate?.description,
        ])
    }

    /// Adds a channel or replaces the one with the same identifier.
    public func save(_ channel: Channel) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO channel (id, name, unit_cost) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, unit_cost = excluded.unit_cost
                """
        ).execute(arguments: [channel.id, channel.name, channel.unitCost])
    }

    /// Adds the seed documents' channels if the workspace has none, so campaign costs
    /// work before anyone supplies a channels file.
    public func ensureDefaultChannels() throws {
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM channel") == 0 else { return }
        for channel in Channel.defaults { try save(channel) }
    }

    /// The level of every region already in the workspace, by identifier.
    public func regionLevels() throws -> [String: RegionLevel] {
        var levels: [String: RegionLevel] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, level FROM region")
        while let row = try rows.next() {
            if let level = RegionLevel(rawValue: row[1]) { levels[row[0]] = level }
        }
        return levels
    }

    /// The dense index of every cell already in the workspace, by identifier.
    public func cellIndexes() throws -> [String: UInt32] {
        try identifierIndexes(sql: "SELECT id, idx FROM cell")
    }

    /// Identifiers already present in a reference table.
    public func identifiers(of table: ReferenceTable) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT id FROM \(table.rawValue)"))
    }

    func identifierIndexes(sql: String) throws -> [String: UInt32] {
        var indexes: [String: UInt32] = [:]
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            indexes[row[0]] = UInt32(row[1] as Int64)
        }
        return indexes
    }
}

/// Reference tables whose rows are keyed by a text identifier.
public enum ReferenceTable: String, Sendable {
    case place, event, product, channel, complaint
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension WorkspaceUpdate {
    /// The kind of every product already in the workspace, by identifier.
    public func productKinds() throws -> [String: ProductKind] {
        var kinds: [String: ProductKind] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, kind FROM product")
        while let row = try rows.next() {
            if let kind = ProductKind(rawValue: row[1]) { kinds[row[0]] = kind }
        }
        return kinds
    }

    /// Where rejected-row reports go when this update fails.
    public var failedRejectsDirectory: URL { workspace.layout.failedRejects }
}
