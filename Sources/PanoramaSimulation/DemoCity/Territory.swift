import Foundation
import PanoramaModel

/// The operator's five-level territory: branches, marketing centers, areas, stores and the
/// cells that serve the city.
///
/// Stores stand where people are; every cell belongs to its nearest store; stores are
/// grouped into areas, areas into centers and centers into branches by clustering, so
/// that every level is a contiguous patch of the map as a real grid is.
struct Territory: Sendable {
    struct RegionNode: Sendable {
        var id: String
        var name: String
        var parent: Int
        var point: Point
    }

    struct CellSite: Sendable {
        var id: String
        var site: Int
        var point: Point
        var store: Int
    }

    var branches: [RegionNode] = []
    var centers: [RegionNode] = []
    var areas: [RegionNode] = []
    var stores: [RegionNode] = []
    var cells: [CellSite] = []
    var raster: CellRaster

    /// Cells per subscriber and stores per subscriber follow Guangzhou's figures
    /// (10 012 cells for a few million subscribers; about 200 stores per million).
    init(subscribers: Int, shape: CityShape, seed: UInt64) {
        var random = SplitMix64.keyed(seed, 1)
        let storeCount = max(8, subscribers / 5000)
        let cellCount = max(240, subscribers / 100)
        let storePoints = (0..<storeCount).map { _ in shape.populated(&random) }

        let branchCount = max(2, Int((Double(storeCount) / 50).rounded()))
        let centerCount = max(branchCount + 1, Int((Double(storeCount) / 16).rounded()))
        let areaCount = max(centerCount + 1, Int((Double(storeCount) / 4).rounded()))

        var usedDistricts = Set<Int>()
        let branchGroups = Clustering.groups(storePoints, members: Array(0..<storeCount), count: branchCount)
        var storeArea = [Int](repeating: 0, count: storeCount)
        for group in branchGroups {
            let centroid = Clustering.centroid(group.map { storePoints[$0] })
            let district = Self.nearestDistrict(to: centroid, shape: shape, excluding: usedDistricts)
            usedDistricts.insert(district)
            // Past eleven branches the districts repeat, numbered.
            let round = branches.count / CityShape.districts.count
            let districtName = CityShape.districts[district].name + (round > 0 ? " \(round + 1)" : "")
            if usedDistricts.count == CityShape.districts.count { usedDistricts.removeAll() }
            let branch = branches.count
            branches.append(RegionNode(id: "BR-\(branch + 1)", name: "\(districtName) Branch", parent: -1, point: centroid))
            let centerShare = max(1, Int((Double(group.count) / Double(storeCount) * Double(centerCount)).rounded()))
            for (centerOrdinal, centerGroup) in Clustering.groups(storePoints, members: group, count: centerShare).enumerated() {
                let center = centers.count
                centers.append(
                    RegionNode(
                        id: "MC-\(center + 1)", name: "\(districtName) Marketing Center \(centerOrdinal + 1)", parent: branch,
                        point: Clustering.centroid(centerGroup.map { storePoints[$0] })))
                let areaShare = max(1, Int((Double(centerGroup.count) / Double(storeCount) * Double(areaCount)).rounded()))
                for (areaOrdinal, areaGroup) in Clustering.groups(storePoints, members: centerGroup, count: areaShare).enumerated() {
                    let area = areas.count
                    areas.append(
                        RegionNode(
                            id: "AR-\(area + 1)", name: "\(districtName) Area \(centerOrdinal + 1)-\(areaOrdinal + 1)", parent: center,
                            point: Clustering.centroid(areaGroup.map { storePoints[$0] })))
                    for store in areaGroup { storeArea[store] = area }
                }
            }
        }
        // Stores are numbered in territory order so that a store's id tells its area.
        let storeOrder = (0..<storeCount).sorted { (storeArea[$0], $0) < (storeArea[$1], $1) }
        for (ordinal, original) in storeOrder.enumerated() {
            let street = Self.streets[ordinal % Self.streets.count]
            let suffix = ordinal < Self.streets.count ? "" : " \(ordinal / Self.streets.count + 1)"
            stores.append(
                RegionNode(
                    id: "ST-\(String(format: "%04d", ordinal + 1))", name: "\(street)\(suffix) Store",
                    parent: storeArea[original], point: storePoints[original]))
        }

        // A site at every store guarantees each store its own cells; the rest follow people.
        var sitePoints = stores.map(\.point)
        let siteCount = max(sitePoints.count + 1, cellCount / 2)
        while sitePoints.count < siteCount { sitePoints.append(shape.populated(&random)) }
        let storeIndex = SpatialIndex(points: stores.map(\.point), bucket: 2)
        for (site, point) in sitePoints.enumerated() {
            let sectors = site < stores.count ? 3 : 1 + random.below(3)
            let store = storeIndex.nearest(to: point)
            for sector in 0..<sectors {
                // Sectors of one site point in different directions; their centres of
                // coverage sit a little apart, which is what lets a phone ping-pong.
                let angle = 2 * Double.pi * (Double(sector) / Double(sectors)) + Double(site % 7)
                let offset = sectors == 1 ? 0 : 0.12
                cells.append(
                    CellSite(
                        id: "GZ\(String(format: "%05d", site + 1))-\(sector + 1)", site: site,
                        point: point.moved(by: offset, angle: angle), store: store))
            }
        }
        raster = CellRaster(cells: cells.map(\.point), extent: shape.extent)
    }

    private static func nearestDistrict(to point: Point, shape: CityShape, excluding used: Set<Int>) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (index, district) in CityShape.districts.enumerated() where !used.contains(index) {
            let distance = point.distance(to: Point(x: district.x * shape.scale, y: district.y * shape.scale))
            if distance < bestDistance { (best, bestDistance) = (index, distance) }
        }
        return bestDistance.isFinite ? best : 0
    }

    /// Street names for stores, after Guangzhou's (寶崗大道, 天河南二路, 北京路, …).
    static let streets = [
        "Baogang Avenue", "Tianhe South 2nd Road", "Beijing Road", "Zhongshan 5th Road", "Huanshi East Road",
        "Guangyuan East Road", "Taihe Town", "Luoxi", "Jianshe Road", "Lixiang", "Dongfeng Middle Road",
        "Jiefang North Road", "Gongyuanqian", "Tiyu West Road", "Zhujiang New Town", "Linhe West", "Kecun",
        "Chigang", "Jiangnan West", "Fangcun", "Shiqiao", "Dashi", "Shibi", "Xintang", "Shilou", "Xinhua",
        "Jiangcun", "Tonghe", "Longdong", "Huangpu East", "Yuancun", "Chebei", "Tangxia", "Wushan", "Pazhou",
        "Guangzhou Avenue", "Xiaobei", "Ximenkou", "Chen Clan Academy", "Changshou Road", "Shamian", "Ersha Island",
    ]
}

/// The nearest and second-nearest cell of every 100 m square of the city, precomputed.
///
/// Routes cross thousands of squares a second; a table lookup per step keeps the record
/// generator at millions of records per second. The second-nearest cell is where a phone
/// at rest ping-pongs to.
struct CellRaster: Sendable {
    static let resolution = 0.1
    let side: Int
    let extent: Double
    private let nearest: [Int32]
    private let second: [Int32]

    init(cells: [Point], extent: Double) {
        self.extent = extent
        side = Int((2 * extent / Self.resolution).rounded(.up))
        let index = SpatialIndex(points: cells, bucket: 1)
        var nearest = [Int32](repeating: 0, count: side * side)
        var second = [Int32](repeating: 0, count: side * side)
        for row in 0..<side {
            for column in 0..<side {
                let point = Point(
                    x: -extent + (Double(column) + 0.5) * Self.resolution, y: -extent + (Double(row) + 0.5) * Self.resolution)
                let (first, next) = index.nearestTwo(to: point)
                nearest[row * side + column] = Int32(first)
                second[row * side + column] = Int32(next)
            }
        }
        self.nearest = nearest
        self.second = second
    }

    @inline(__always)
    private func square(_ point: Point) -> Int {
        let column = min(side - 1, max(0, Int((point.x + extent) / Self.resolution)))
        let row = min(side - 1, max(0, Int((point.y + extent) / Self.resolution)))
        return row * side + column
    }

    /// The serving cell at a point.
    @inline(__always)
    func cell(at point: Point) -> Int32 { nearest[square(point)] }

    /// The neighbouring cell a phone at this point reselects to now and then.
    @inline(__always)
    func neighbour(at point: Point) -> Int32 { second[square(point)] }
}

/// A bucket grid over points for nearest-neighbour questions during set-up: bucket
/// members stored contiguously, bucket by bucket, so a lookup is arithmetic, not hashing.
struct SpatialIndex: Sendable {
    private let points: [Point]
    private let bucket: Double
    private let minimumX: Double
    private let minimumY: Double
    private let columns: Int
    private let rows: Int
    private let offsets: [Int]
    private let members: [Int32]

    init(points: [Point], bucket: Double) {
        self.points = points
        self.bucket = bucket
        minimumX = points.map(\.x).min() ?? 0
        minimumY = points.map(\.y).min() ?? 0
        columns = Int(((points.map(\.x).max() ?? 0) - minimumX) / bucket) + 1
        rows = Int(((points.map(\.y).max() ?? 0) - minimumY) / bucket) + 1
        var counts = [Int](repeating: 0, count: columns * rows + 1)
        var slotOf = [Int](repeating: 0, count: points.count)
        for (index, point) in points.enumerated() {
            let column = Int((point.x - minimumX) / bucket)
            let row = Int((point.y - minimumY) / bucket)
            slotOf[index] = row * columns + column
            counts[slotOf[index] + 1] += 1
        }
        for slot in 0..<(columns * rows) { counts[slot + 1] += counts[slot] }
        var cursor = counts
        var members = [Int32](repeating: 0, count: points.count)
        for index in points.indices {
            members[cursor[slotOf[index]]] = Int32(index)
            cursor[slotOf[index]] += 1
        }
        offsets = counts
        self.members = members
    }

    private func cellOf(_ point: Point) -> (Int, Int) {
        (Int(((point.x - minimumX) / bucket).rounded(.down)), Int(((point.y - minimumY) / bucket).rounded(.down)))
    }

    @inline(__always)
    private func forEachMember(_ x: Int, _ y: Int, _ body: (Int) -> Void) {
        guard x >= 0, y >= 0, x < columns, y < rows else { return }
        let slot = y * columns + x
        for position in offsets[slot]..<offsets[slot + 1] { body(Int(members[position])) }
    }

    /// Points within `radius` of `point`, nearest first.
    func within(_ radius: Double, of point: Point) -> [Int] {
        let (cx, cy) = cellOf(point)
        let reach = Int((radius / bucket).rounded(.up))
        var found: [(Double, Int)] = []
        for x in (cx - reach)...(cx + reach) {
            for y in (cy - reach)...(cy + reach) {
                forEachMember(x, y) { index in
                    let distance = points[index].distance(to: point)
                    if distance <= radius { found.append((distance, index)) }
                }
            }
        }
        return found.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)
    }

    func nearest(to point: Point) -> Int { nearestTwo(to: point).0 }

    /// The two nearest points (the same twice when there is only one).
    func nearestTwo(to point: Point) -> (Int, Int) {
        let (cx, cy) = cellOf(point)
        var best = (distance: Double.infinity, index: 0)
        var next = (distance: Double.infinity, index: 0)
        var examined = 0
        func consider(_ x: Int, _ y: Int) {
            forEachMember(x, y) { index in
                examined += 1
                let distance = points[index].distance(to: point)
                if (distance, index) < (best.distance, best.index) {
                    next = best
                    best = (distance, index)
                } else if (distance, index) < (next.distance, next.index) {
                    next = (distance, index)
                }
            }
        }
        var ring = 0
        while true {
            if ring == 0 {
                consider(cx, cy)
            } else {
                for x in (cx - ring)...(cx + ring) {
                    consider(x, cy - ring)
                    consider(x, cy + ring)
                }
                for y in (cy - ring + 1)..<(cy + ring) {
                    consider(cx - ring, y)
                    consider(cx + ring, y)
                }
            }
            // Every point within `ring` buckets has been seen once the ring is that wide.
            if examined >= points.count || next.distance <= Double(ring) * bucket { break }
            ring += 1
        }
        return (best.index, next.distance.isFinite ? next.index : best.index)
    }
}

/// Deterministic k-means, used to carve stores into areas, centers and branches.
enum Clustering {
    static func centroid(_ points: [Point]) -> Point {
        guard !points.isEmpty else { return Point(x: 0, y: 0) }
        let sum = points.reduce(Point(x: 0, y: 0), +)
        return sum * (1 / Double(points.count))
    }

    /// Splits `members` (indexes into `points`) into at most `count` spatial groups, each
    /// sorted, the groups ordered by their smallest member.
    static func groups(_ points: [Point], members: [Int], count: Int) -> [[Int]] {
        let k = min(count, members.count)
        guard k > 1 else { return [members.sorted()] }
        // Farthest-point seeding from the first member: no randomness, well spread.
        var seeds = [members[0]]
        while seeds.count < k {
            let farthest = members.max { a, b in
                let da = seeds.map { points[$0].distance(to: points[a]) }.min()!
                let db = seeds.map { points[$0].distance(to: points[b]) }.min()!
                return (da, b) < (db, a)
            }!
            seeds.append(farthest)
        }
        var centres = seeds.map { points[$0] }
        var assignment = [Int](repeating: 0, count: members.count)
        for _ in 0..<25 {
            for (slot, member) in members.enumerated() {
                var best = 0
                for candidate in 1..<k
                where points[member].distance(to: centres[candidate]) < points[member].distance(to: centres[best]) {
                    best = candidate
                }
                assignment[slot] = best
            }
            for cluster in 0..<k {
                let assigned = members.indices.filter { assignment[$0] == cluster }.map { points[members[$0]] }
                if !assigned.isEmpty { centres[cluster] = centroid(assigned) }
            }
        }
        var result = [[Int]](repeating: [], count: k)
        for (slot, member) in members.enumerated() { result[assignment[slot]].append(member) }
        return result.filter { !$0.isEmpty }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
