import Foundation
import PanoramaModel

/// The reference data compiled for the engine: dense arrays indexed by cell, store, place
/// and event, with the joins the pipeline needs precomputed as compressed lists.
///
/// Built once per build from the workspace's reference tables; every per-subscriber step
/// reads only this, so the inner loops index arrays instead of looking up strings. A class,
/// so that the observers and assemblers of every worker share it without copying its arrays.
public final class ReferenceIndex: Sendable {
    public let offset: UTCOffset
    /// Cell positions on a local plane in metres (equirectangular around the cells' centre).
    public let cellX: [Double]
    public let cellY: [Double]
    public let cellIDs: [String]
    /// Each cell's site, numbered densely: the sectors of one mast cover the same spot.
    public let cellSite: [Int32]
    /// Store index of each cell, or -1 when the cell's store is not a known store.
    public let cellStore: [Int32]
    public let stores: [StoreInfo]
    public let places: [PlaceInfo]
    /// The places' positions, radii and types again, as plain arrays for the inner loops.
    public let placeX: [Double]
    public let placeY: [Double]
    public let placeRadius: [Double]
    public let placeType: [PlaceType]
    public let events: [EventInfo]
    /// Distinct event category paths (`music/pop/Jacky Cheung`), indexed by `EventInfo.category`.
    public let categories: [String]
    /// Places covering each cell: `cellPlaces[cellPlaceStart[c]..<cellPlaceStart[c+1]]`.
    public let cellPlaceStart: [Int32]
    public let cellPlaces: [Int32]
    /// Events at each place, by start time.
    public let placeEventStart: [Int32]
    public let placeEvents: [Int32]
    /// Each place's footprint: for points spread over its disc, the nearest and second-nearest
    /// cell (the cell a phone there uses, and the one it ping-pongs to), with the share of
    /// points. `placeFootprint[placeFootprintStart[p]..<placeFootprintStart[p+1]]`.
    public let placeFootprintStart: [Int32]
    public let placeFootprint: [Footprint]
    /// Stores whose radiation area contains each cell.
    public let cellRadiationStart: [Int32]
    public let cellRadiation: [Int32]

    public struct StoreInfo: Sendable, Equatable {
        public var id: String
        public var name: String
        /// Region identifiers from branch to store, joined by `/`.
        public var path: String
        public var x: Double
        public var y: Double
        public var radiusMeters: Double
    }

    public struct PlaceInfo: Sendable, Equatable {
        public var id: String
        public var name: String
        public var type: PlaceType
        public var x: Double
        public var y: Double
        public var radiusMeters: Double
        public var attributes: [String: String]
    }

    public struct Footprint: Sendable, Equatable {
        public var first: Int32
        public var second: Int32
        public var share: Float
    }

    public struct EventInfo: Sendable, Equatable {
        public var id: String
        public var name: String
        public var place: Int32
        public var start: Int64
        public var end: Int64
        public var category: Int32
    }

    /// Compiles the reference. `cells` must be in the workspace's cell index order.
    public init(
        cells: [Cell], regions: [Region], places: [Place], events: [Event], offset: UTCOffset, defaultRadiationMeters: Double
    ) {
        self.offset = offset
        let latitude = cells.isEmpty ? 0 : cells.map(\.coordinate.latitude).reduce(0, +) / Double(cells.count)
        let longitude = cells.isEmpty ? 0 : cells.map(\.coordinate.longitude).reduce(0, +) / Double(cells.count)
        let metresPerDegree = 111_195.0
        let xScale = metresPerDegree * cos(latitude * .pi / 180)
        func plane(_ coordinate: Coordinate) -> (Double, Double) {
            ((coordinate.longitude - longitude) * xScale, (coordinate.latitude - latitude) * metresPerDegree)
        }
        cellIDs = cells.map(\.id)
        var siteNumbers: [String: Int32] = [:]
        cellSite = cells.map { cell in
            if let number = siteNumbers[cell.site] { return number }
            let number = Int32(siteNumbers.count)
            siteNumbers[cell.site] = number
            return number
        }
        let cellPoints = cells.map { plane($0.coordinate) }
        cellX = cellPoints.map(\.0)
        cellY = cellPoints.map(\.1)

        let regionPaths = Region.paths(of: regions)
        let storeRegions = regions.filter { $0.level == .store }.sorted { $0.id < $1.id }
        var storeIndex: [String: Int32] = [:]
        var stores: [StoreInfo] = []
        for region in storeRegions {
            storeIndex[region.id] = Int32(stores.count)
            let point = region.coordinate.map(plane)
            stores.append(
                StoreInfo(
                    id: region.id, name: region.name, path: regionPaths[region.id] ?? region.id, x: point?.0 ?? .nan, y: point?.1 ?? .nan,
                    radiusMeters: region.radiationRadiusMeters ?? defaultRadiationMeters))
        }
        self.stores = stores
        cellStore = cells.map { storeIndex[$0.store] ?? -1 }

        var cellIndex: [String: Int32] = [:]
        for (index, cell) in cells.enumerated() { cellIndex[cell.id] = Int32(index) }
        let sortedPlaces = places.sorted { $0.id < $1.id }
        let placeInfos = sortedPlaces.map { place in
            let point = plane(place.coordinate)
            return PlaceInfo(
                id: place.id, name: place.name, type: place.type, x: point.0, y: point.1, radiusMeters: place.radiusMeters,
                attributes: place.attributes)
        }
        self.places = placeInfos
        placeX = placeInfos.map(\.x)
        placeY = placeInfos.map(\.y)
        placeRadius = placeInfos.map(\.radiusMeters)
        placeType = placeInfos.map(\.type)
        let grid = CellGrid(x: cellX, y: cellY)
        var footprints: [[Footprint]] = []
        for place in placeInfos {
            var pairs: [Int64: Int] = [:]
            let samples = Self.diskSamples
            for (dx, dy) in samples {
                guard let (first, second) = grid.nearestTwo(x: place.x + dx * place.radiusMeters, y: place.y + dy * place.radiusMeters)
                else { continue }
                pairs[Int64(first) << 32 | Int64(second), default: 0] += 1
            }
            footprints.append(
                pairs.sorted { $0.key < $1.key }.map {
                    Footprint(first: Int32($0.key >> 32), second: Int32($0.key & 0xFFFF_FFFF), share: Float($0.value) / Float(samples.count))
                })
        }
        var footprintStart = [Int32](repeating: 0, count: footprints.count + 1)
        var footprintFlat: [Footprint] = []
        for (index, list) in footprints.enumerated() {
            footprintFlat += list
            footprintStart[index + 1] = Int32(footprintFlat.count)
        }
        placeFootprintStart = footprintStart
        placeFootprint = footprintFlat
        var covering = [[Int32]](repeating: [], count: cells.count)
        for (index, place) in sortedPlaces.enumerated() {
            var known = Set<Int32>()
            for id in place.coveringCells { if let cell = cellIndex[id] { known.insert(cell) } }
            if known.isEmpty {
                // No covering cells in the data: the cells serving any part of the place's
                // disc, by its footprint, and any cell standing within its radius.
                let info = placeInfos[index]
                for slot in Int(footprintStart[index])..<Int(footprintStart[index + 1]) { known.insert(footprintFlat[slot].first) }
                for cell in cells.indices {
                    let dx = cellPoints[cell].0 - info.x
                    let dy = cellPoints[cell].1 - info.y
                    if dx * dx + dy * dy <= info.radiusMeters * info.radiusMeters { known.insert(Int32(cell)) }
                }
            }
            for cell in known.sorted() { covering[Int(cell)].append(Int32(index)) }
        }
        (cellPlaceStart, cellPlaces) = Self.compress(covering)

        var placeIndex: [String: Int32] = [:]
        for (index, place) in sortedPlaces.enumerated() { placeIndex[place.id] = Int32(index) }
        var categoryIndex: [String: Int32] = [:]
        var categories: [String] = []
        var compiled: [EventInfo] = []
        for event in events.sorted(by: { ($0.start, $0.id) < ($1.start, $1.id) }) {
            guard let place = placeIndex[event.place] else { continue }
            let category = event.category.joined(separator: "/")
            let id = categoryIndex[category] ?? {
                categories.append(category)
                categoryIndex[category] = Int32(categories.count - 1)
                return Int32(categories.count - 1)
            }()
            compiled.append(EventInfo(id: event.id, name: event.name, place: place, start: event.start, end: event.end, category: id))
        }
        self.events = compiled
        self.categories = categories
        var byPlace = [[Int32]](repeating: [], count: sortedPlaces.count)
        for (index, event) in compiled.enumerated() { byPlace[Int(event.place)].append(Int32(index)) }
        (placeEventStart, placeEvents) = Self.compress(byPlace)


        var radiation = [[Int32]](repeating: [], count: cells.count)
        for (store, info) in stores.enumerated() where !info.x.isNaN {
            let radius2 = info.radiusMeters * info.radiusMeters
            for cell in cells.indices {
                let dx = cellPoints[cell].0 - info.x
                let dy = cellPoints[cell].1 - info.y
                if dx * dx + dy * dy <= radius2 { radiation[cell].append(Int32(store)) }
            }
        }
        (cellRadiationStart, cellRadiation) = Self.compress(radiation)
    }

    /// 127 points spread evenly over the unit disc: the centre and six rings of 6, 12, …, 36
    /// points, each ring in the middle of the band it stands for, so that every point stands
    /// for the same area. (Rings out to the rim gave the edge of a place half the points, and
    /// chose the wrong estate of two sharing a cell more often: home on the exact estate was
    /// 80.8% and 87.1% on the two 100k cities, now 82.4% and 89.2%.)
    static let diskSamples: [(Double, Double)] = {
        var points = [(0.0, 0.0)]
        for ring in 1...6 {
            let radius = Double(ring) / 6.5
            for step in 0..<(6 * ring) {
                let angle = 2 * Double.pi * Double(step) / Double(6 * ring)
                points.append((radius * cos(angle), radius * sin(angle)))
            }
        }
        return points
    }()

    /// The share of a place's footprint where a phone uses `first`, and ping-pongs to
    /// `second` when it is given (not -1).
    public func footprintShare(place: Int, first: Int32, second: Int32) -> Float {
        var share: Float = 0
        for slot in Int(placeFootprintStart[place])..<Int(placeFootprintStart[place + 1]) {
            let entry = placeFootprint[slot]
            if entry.first == first && (second < 0 || entry.second == second) { share += entry.share }
        }
        return share
    }

    /// How well a place explains a phone on `cell` ping-ponging to `partner` (-1 for none):
    /// the share of its footprint on the pair, then on the cell alone, compared in that
    /// order. A likelihood: a small place wholly in the cell explains it fully.
    public func footprintFit(of place: Int, cell: Int32, partner: Int32) -> (pair: Float, cell: Float) {
        (partner >= 0 ? footprintShare(place: place, first: cell, second: partner) : 0, footprintShare(place: place, first: cell, second: -1))
    }

    /// The part of the ground served by `cell` (and ping-ponging to `partner`, when it is
    /// not -1) that lies within `place`, among all the places the cell covers: if people
    /// were spread evenly, the chance that a phone on these cells is at this place and not
    /// at a neighbour. A cell often covers a hospital together with a market or another
    /// hospital, and a stadium together with estates and stations; a stay there counts for
    /// the place only as far as this share says. The pair decides when any place's
    /// footprint reaches it, else the cell alone; when no footprint reaches the cell either
    /// (it covers the places by `places.csv` only), every place covering it counts the same.
    public func groundShare(of place: Int, cell: Int32, partner: Int32) -> Float {
        let range = Int(cellPlaceStart[Int(cell)])..<Int(cellPlaceStart[Int(cell) + 1])
        guard range.count > 1 else { return 1 }
        func share(_ second: Int32) -> Float? {
            var total: Float = 0
            var own: Float = 0
            for slot in range {
                let candidate = Int(cellPlaces[slot])
                let ground = Float(placeRadius[candidate] * placeRadius[candidate]) * footprintShare(place: candidate, first: cell, second: second)
                total += ground
                if candidate == place { own = ground }
            }
            return total > 0 ? own / total : nil
        }
        if partner >= 0, let withPartner = share(partner) { return withPartner }
        return share(-1) ?? 1 / Float(range.count)
    }

    static func compress(_ lists: [[Int32]]) -> ([Int32], [Int32]) {
        var starts = [Int32](repeating: 0, count: lists.count + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for (index, list) in lists.enumerated() {
            flat += list
            starts[index + 1] = Int32(flat.count)
        }
        return (starts, flat)
    }

    /// Squared distance between two cells in square metres.
    @inlinable
    public func distanceSquared(_ a: Int, _ b: Int) -> Double {
        let dx = cellX[a] - cellX[b]
        let dy = cellY[a] - cellY[b]
        return dx * dx + dy * dy
    }

    /// The local calendar day (days since 1970-01-01) of an epoch second.
    @inlinable
    public func localDay(_ time: UInt32) -> Int { (Int(time) + offset.seconds).floorDivided(by: 86_400) }

    /// Weekday of a local day, 0 = Monday (1970-01-01 was a Thursday).
    @inlinable
    public static func weekday(ofDay day: Int) -> Int { (day + 3).floorModulo(7) }
}

extension Int {
    @inlinable
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }

    @inlinable
    func floorModulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

/// Cells bucketed on a square grid, for nearest-cell questions while compiling the reference.
struct CellGrid {
    let x: [Double]
    let y: [Double]
    let size = 1_000.0
    let minimumX: Double
    let minimumY: Double
    let columns: Int
    let rows: Int
    let buckets: [[Int32]]

    init(x: [Double], y: [Double]) {
        self.x = x
        self.y = y
        minimumX = x.min() ?? 0
        minimumY = y.min() ?? 0
        columns = Int(((x.max() ?? 0) - minimumX) / size) + 1
        rows = Int(((y.max() ?? 0) - minimumY) / size) + 1
        var buckets = [[Int32]](repeating: [], count: columns * rows)
        for index in x.indices {
            buckets[Int((y[index] - minimumY) / size) * columns + Int((x[index] - minimumX) / size)].append(Int32(index))
        }
        self.buckets = buckets
    }

    /// The nearest and second-nearest cells to a point; searches rings of buckets outwards
    /// until two cells are found and no nearer one can lie further out.
    func nearestTwo(x px: Double, y py: Double) -> (Int32, Int32)? {
        guard x.count >= 2 else { return nil }
        let column = Int(((px - minimumX) / size).rounded(.down))
        let row = Int(((py - minimumY) / size).rounded(.down))
        var best: (Double, Int32) = (.infinity, -1)
        var next: (Double, Int32) = (.infinity, -1)
        var ring = 0
        while ring <= max(columns, rows) + 1 {
            for r in (row - ring)...(row + ring) where r >= 0 && r < rows {
                for c in (column - ring)...(column + ring) where c >= 0 && c < columns {
                    guard abs(r - row) == ring || abs(c - column) == ring else { continue }
                    for cell in buckets[r * columns + c] {
                        let dx = x[Int(cell)] - px
                        let dy = y[Int(cell)] - py
                        let distance = dx * dx + dy * dy
                        if distance < best.0 {
                            next = best
                            best = (distance, cell)
                        } else if distance < next.0 {
                            next = (distance, cell)
                        }
                    }
                }
            }
            // Cells beyond this ring are at least `ring * size` away.
            let reach = Double(ring) * size
            if next.1 >= 0 && next.0 <= reach * reach { break }
            ring += 1
        }
        return next.1 >= 0 ? (best.1, next.1) : nil
    }
}
