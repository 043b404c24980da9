import Foundation
import PanoramaModel
import PanoramaStore

/// Remembers the first line of each key in a file, to reject later duplicates.
struct DuplicateGuard {
    private var firstLines: [String: Int] = [:]
    let what: String

    init(_ what: String) { self.what = what }

    mutating func check(_ key: String, line: Int, display: String? = nil) throws(RowRejection) {
        if let first = firstLines[key] {
            throw RowRejection(.duplicate, "\(what) \(display ?? key) was already defined on line \(first)")
        }
        firstLines[key] = line
    }
}

/// regions.csv: the four levels above the cells. Parents are checked once the whole file
/// is read, so a file may list children before their parents.
struct RegionLoader: TableLoader {
    let context: IngestContext
    private var pending: [(region: Region, line: Int)] = []
    private var duplicates = DuplicateGuard("region")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let id = try row.required("id")
        let level = try row.requiredChoice("level", as: RegionLevel.self)
        guard level != .cell else {
            throw RowRejection(.invalidValue, "level 'cell' belongs in cells.csv, not regions.csv")
        }
        let coordinate = try row.coordinate()
        if level == .store && coordinate == nil {
            throw RowRejection(.missingValue, "store \(id) needs latitude and longitude for its radiation area")
        }
        let region = Region(
            id: id, name: try row.required("name"), level: level, parent: row.value("parent"),
            coordinate: coordinate, radiationRadiusMeters: try row.decimal("radius_m", minimum: 1))
        try duplicates.check(id, line: line)
        pending.append((region, line))
    }

    /// Accepts regions level by level, from branches down, so a region is checked only
    /// against parents that were themselves accepted; a rejected area rejects its stores.
    mutating func finish(rejecting reject: (Int, RowRejection) -> Void) throws {
        var levels = context.regionLevels
        for level in RegionLevel.allCases {
            for (region, line) in pending where region.level == level {
                if let rejection = check(region, against: levels) {
                    reject(line, rejection)
                    continue
                }
                try context.update.save(region)
                levels[region.id] = region.level
            }
        }
        context.regionLevels = levels
    }

    private func check(_ region: Region, against levels: [String: RegionLevel]) -> RowRejection? {
        if let existing = context.regionLevels[region.id], existing != region.level {
            return RowRejection(
                .invalidValue, "region \(region.id) is already a \(existing.rawValue); its level cannot change")
        }
        switch (region.level.parent, region.parent) {
        case (nil, nil):
            return nil
        case (nil, let parent?):
            return RowRejection(.invalidValue, "branch \(region.id) cannot have a parent (\(parent))")
        case (_?, nil):
            return RowRejection(.missingValue, "\(region.level.rawValue) \(region.id) needs a parent")
        case (let expected?, let parent?):
            guard let found = levels[parent] else {
                return RowRejection(.unknownRegion, "parent \(parent) is not an accepted region")
            }
            guard found == expected else {
                return RowRejection(
                    .invalidValue,
                    "parent \(parent) of \(region.level.rawValue) \(region.id) is at level \(found.rawValue) where \(expected.rawValue) is needed")
            }
            return nil
        }
    }
}

/// cells.csv: every cell belongs to one existing store and gets a dense index.
struct CellLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("cell")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let id = try row.required("id")
        let store = try row.required("store")
        guard let level = context.regionLevels[store] else {
            throw RowRejection(.unknownRegion, "store \(store) is not a known region")
        }
        guard level == .store else {
            throw RowRejection(.invalidValue, "\(store) is at level \(level.rawValue) where a store is needed")
        }
        let cell = Cell(id: id, site: try row.required("site"), coordinate: try row.requiredCoordinate(), store: store)
        try duplicates.check(id, line: line)
        context.cells[id] = try context.update.save(cell)
    }
}

/// places.csv: typed places with a radius, optional covering cells and attributes.
struct PlaceLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("place")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let id = try row.required("id")
        let type = try row.requiredChoice("type", as: PlaceType.self)
        let coordinate = try row.requiredCoordinate()
        let radius = try row.requiredDecimal("radius_m", minimum: 1, maximum: 50_000)
        var cellIDs: [String] = []
        var cellIndexes: [UInt32] = []
        for cellID in (row.value("cells") ?? "").split(separator: ";").map(String.init) where !cellID.isEmpty {
            guard let index = context.cells[cellID] else {
                throw RowRejection(.unknownCell, "covering cell \(cellID) is not a known cell")
            }
            cellIDs.append(cellID)
            cellIndexes.append(index)
        }
        var attributes: [String: String] = [:]
        for pair in (row.value("attributes") ?? "").split(separator: ";") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw RowRejection(.invalidValue, "attribute '\(pair)' is not key=value")
            }
            attributes[parts[0]] = parts[1]
        }
        let place = Place(
            id: id, name: try row.required("name"), type: type, coordinate: coordinate, radiusMeters: radius,
            coveringCells: cellIDs, attributes: attributes)
        try duplicates.check(id, line: line)
        try context.update.save(place, coveringCellIndexes: cellIndexes)
        context.places.insert(id)
    }
}

/// events.csv: what happens at a venue, from start to end, with a category path.
struct EventLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("event")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let id = try row.required("id")
        let place = try row.required("place")
        guard context.places.contains(place) else {
            throw RowRejection(.unknownPlace, "venue \(place) is not a known place")
        }
        let start = try row.requiredTimestamp("start")
        let end = try row.requiredTimestamp("end")
        guard end > start else { throw RowRejection(.inconsistentTimes, "the event does not end after it starts") }
        let category = try row.required("category").split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !category.contains(where: \.isEmpty) else {
            throw RowRejection(.invalidValue, "category has an empty segment; write it like music/pop/Jacky Cheung")
        }
        let event = Event(
            id: id, name: try row.required("name"), place: place, start: start, end: end, category: category)
        try duplicates.check(id, line: line)
        try context.update.save(event)
    }
}

/// products.csv: what is sold, at what monthly price, since when.
struct ProductLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("product")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let id = try row.required("id")
        let product = Product(
            id: id, name: try row.required("name"), kind: try row.requiredChoice("kind", as: ProductKind.self),
            monthlyPrice: try row.requiredDecimal("monthly_price", minimum: 0),
            launchDate: try row.date("launch_date"))
        try duplicates.check(id, line: line)
        if let existing = context.products[id], existing != product.kind {
            throw RowRejection(
                .invalidValue, "product \(id) is already a \(existing.rawValue); its kind cannot change")
        }
        try context.update.save(product)
        context.products[id] = product.kind
    }
}

/// channels.csv: contact channels and their unit cost.
struct ChannelLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("channel")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let id = try row.required("id")
        let channel = Channel(
            id: id, name: try row.required("name"), unitCost: try row.requiredDecimal("unit_cost", minimum: 0))
        try duplicates.check(id, line: line)
        try context.update.save(channel)
        context.channels.insert(id)
    }
}
