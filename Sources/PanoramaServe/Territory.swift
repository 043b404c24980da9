import Foundation
import PanoramaModel
import PanoramaRisk
import PanoramaStore
import PanoramaValue

/// The territory tree (branch → center → area → store) with each node's figures, from the
/// customers whose home is below it, and its cells for the maps.
public struct Territory: Sendable {
    public struct Node: Sendable {
        public let id: String
        public let name: String
        public let level: RegionLevel
        public let parent: String?
        public var children: [String]
        /// Ids from the branch down to this node, joined by `/`: how the panorama writes regions.
        public let path: String
        public var figures = Figures()
    }

    /// What a grid manager looks at for a node.
    public struct Figures: Sendable, Codable {
        /// Active customers whose home is below the node.
        public var customers = 0
        /// Customers who stayed in the radiation area of one of the node's stores.
        public var present = 0
        public var revenue = 0.0
        public var previousRevenue = 0.0
        /// Customers who left in the last month, of those active at its start.
        public var departures = 0
        public var activeAtStart = 0
        public var valueMix: [String: Int] = [:]
        /// Customers with each product open at the month's end.
        public var productCustomers: [String: Int] = [:]
        /// Per product, the summed `activity` (share of last month's days it was used) of
        /// those customers whose activity is known, and how many they are.
        public var productUse: [String: Double] = [:]
        public var productUseKnown: [String: Int] = [:]
        /// Key moments of the last 30 days.
        public var openMoments = 0

        /// Adds the figures of customers below the node.
        mutating func add(_ other: Figures) {
            customers += other.customers
            present += other.present
            revenue += other.revenue
            previousRevenue += other.previousRevenue
            departures += other.departures
            activeAtStart += other.activeAtStart
            openMoments += other.openMoments
            valueMix.merge(other.valueMix, uniquingKeysWith: +)
            productCustomers.merge(other.productCustomers, uniquingKeysWith: +)
            productUse.merge(other.productUse, uniquingKeysWith: +)
            productUseKnown.merge(other.productUseKnown, uniquingKeysWith: +)
        }

        public var averageARPU: Double { customers > 0 ? revenue / Double(customers) : 0 }
        /// Month-over-month change of revenue, or `nil` without revenue the month before.
        public var revenueGrowth: Double? { previousRevenue > 0 ? revenue / previousRevenue - 1 : nil }
        public var churnRate: Double { activeAtStart > 0 ? Double(departures) / Double(activeAtStart) : 0 }
        public func penetration(_ product: String) -> Double {
            customers > 0 ? Double(productCustomers[product] ?? 0) / Double(customers) : 0
        }
        /// The share of the customers' days in the last month on which they used the product:
        /// how much a product lives, beside how many hold it. Holders whose activity is not
        /// given are taken to use it as those whose activity is; `nil` when no one's is known.
        public func activity(_ product: String) -> Double? {
            guard let known = productUseKnown[product], known > 0 else { return nil }
            return (productUse[product] ?? 0) / Double(known) * penetration(product)
        }
    }

    /// A cell on the maps, on a local plane in metres, with the customers living in it.
    public struct MapCell: Sendable {
        public let id: String
        public let store: String
        public let x: Double
        public let y: Double
        public var homes = 0
        public var revenue = 0.0
        public var departures = 0
        public var high = 0
    }

    public struct Place: Sendable {
        public let id: String
        public let name: String
        public let type: PlaceType
        public let x: Double
        public let y: Double
    }

    public private(set) var nodes: [String: Node] = [:]
    public private(set) var roots: [String] = []
    public private(set) var cells: [MapCell] = []
    /// Position in `cells` of each cell id.
    public private(set) var cellIndex: [String: Int] = [:]
    public private(set) var places: [Place] = []
    /// Store id → (x, y, radius in metres) of its radiation area.
    public private(set) var storeAreas: [String: (x: Double, y: Double, radius: Double)] = [:]

    init(
        reference: ReferenceData, customers: [Dashboard.Customer], value: ValueAssessment?, ledger: CustomerLedger,
        moments: [[KeyMoment]], lastDay: Int32, utcOffset: Int, defaultRadius: Double
    ) {
        let paths = Region.paths(of: reference.regions)
        for region in reference.regions.sorted(by: { $0.id < $1.id }) {
            nodes[region.id] = Node(id: region.id, name: region.name, level: region.level, parent: region.parent, children: [], path: paths[region.id] ?? region.id)
        }
        for region in reference.regions.sorted(by: { $0.id < $1.id }) {
            if let parent = region.parent, nodes[parent] != nil { nodes[parent]?.children.append(region.id) } else { roots.append(region.id) }
        }
        // A local plane in metres around the cells' centre, for the maps.
        let latitude = reference.cells.isEmpty ? 0 : reference.cells.map(\.coordinate.latitude).reduce(0, +) / Double(reference.cells.count)
        let longitude = reference.cells.isEmpty ? 0 : reference.cells.map(\.coordinate.longitude).reduce(0, +) / Double(reference.cells.count)
        let scale = 111_195.0
        func plane(_ coordinate: Coordinate) -> (Double, Double) {
            ((coordinate.longitude - longitude) * scale * cos(latitude * .pi / 180), (coordinate.latitude - latitude) * scale)
        }
        cells = reference.cells.map { cell in
            let (x, y) = plane(cell.coordinate)
            return MapCell(id: cell.id, store: cell.store, x: x, y: y)
        }
        for (index, cell) in cells.enumerated() { cellIndex[cell.id] = index }
        places = reference.places.map { place in
            let (x, y) = plane(place.coordinate)
            return Place(id: place.id, name: place.name, type: place.type, x: x, y: y)
        }
        for region in reference.regions where region.level == .store {
            guard let coordinate = region.coordinate else { continue }
            let (x, y) = plane(coordinate)
            storeAreas[region.id] = (x, y, region.radiationRadiusMeters ?? defaultRadius)
        }

        // Figures, by the home of each active customer: summed per home path first (a few
        // hundred stores for a million customers), then added to every node on the path.
        let n = ledger.subscribers
        let months = ledger.months.count
        let monthStart = ledger.months.last.map { Int32($0.firstDay.daysSinceEpoch) } ?? lastDay
        let recent = lastDay - 30
        let offset = UTCOffset(seconds: utcOffset)
        var homeSlots: [String: Int] = [:]
        var homePaths: [String] = []
        var homeFigures: [Figures] = []
        for customer in customers {
            let index = Int(customer.index)
            guard let home = customer.homePath else { continue }
            let slot: Int
            if let known = homeSlots[home] {
                slot = known
            } else {
                slot = homeFigures.count
                homeSlots[home] = slot
                homePaths.append(home)
                homeFigures.append(Figures())
            }
            let active = value.map { index < $0.customers.count && $0.customers[index].isActive } ?? false
            let departure = index < n ? ledger.departureDay(of: index) : nil
            let leftLastMonth = departure.map { $0 >= monthStart && $0 <= monthStart + 31 } ?? false
            let last = months > 0 && index < n ? ledger.usage.arpu[(months - 1) * n + index] : .nan
            let before = months > 1 && index < n ? ledger.usage.arpu[(months - 2) * n + index] : .nan
            let tier = value.flatMap { index < $0.customers.count ? $0.customers[index].tier : nil }
            if active {
                homeFigures[slot].customers += 1
                if !last.isNaN { homeFigures[slot].revenue += Double(last) }
                if let tier { homeFigures[slot].valueMix[tier.rawValue, default: 0] += 1 }
                for (product, activity) in Self.openProducts(index < n ? ledger.subscriptions[index] : ArraySlice(), of: ledger, on: lastDay) {
                    homeFigures[slot].productCustomers[product, default: 0] += 1
                    if let activity {
                        homeFigures[slot].productUse[product, default: 0] += activity
                        homeFigures[slot].productUseKnown[product, default: 0] += 1
                    }
                }
            }
            if !before.isNaN { homeFigures[slot].previousRevenue += Double(before) }
            if !before.isNaN || leftLastMonth { homeFigures[slot].activeAtStart += 1 }
            if leftLastMonth { homeFigures[slot].departures += 1 }
            homeFigures[slot].openMoments += moments[index].lazy.filter { offset.localDay(of: $0.time) >= recent }.count
            if let cell = customer.homeCell, Int(cell) < cells.count {
                cells[Int(cell)].homes += active ? 1 : 0
                cells[Int(cell)].revenue += active && !last.isNaN ? Double(last) : 0
                cells[Int(cell)].departures += leftLastMonth ? 1 : 0
                cells[Int(cell)].high += tier == .high ? 1 : 0
            }
        }
        // In the order homes were first met, so that sums come out the same on every start.
        for (slot, home) in homePaths.enumerated() {
            for id in home.split(separator: "/").map(String.init) where nodes[id] != nil { nodes[id]?.figures.add(homeFigures[slot]) }
        }
        // Presence: customers in the radiation area of a store, counted once per node, by
        // node number so that a million customers' stores cost no string sets.
        let ids = Array(nodes.keys)
        let number = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var ancestors: [String: [Int]] = [:]
        for (id, node) in nodes where node.level == .store {
            ancestors[id] = node.path.split(separator: "/").compactMap { number[String($0)] }
        }
        var present = [Int](repeating: 0, count: ids.count)
        var counted: [Int] = []
        for customer in customers where !customer.stores.isEmpty {
            counted.removeAll(keepingCapacity: true)
            for store in customer.stores {
                for node in ancestors[store.id] ?? [] where !counted.contains(node) {
                    counted.append(node)
                    present[node] += 1
                }
            }
        }
        for (position, id) in ids.enumerated() where present[position] > 0 { nodes[id]?.figures.present = present[position] }
    }

    /// The products a customer holds on `day`, each once, with the highest activity given
    /// for it (`nil` when no subscription gives one: the column is optional).
    static func openProducts(_ spans: some Sequence<SubscriptionSpan>, of ledger: CustomerLedger, on day: Int32) -> [(product: String, activity: Double?)] {
        var open: [(product: String, activity: Double?)] = []
        for span in spans where span.isOpen(on: day) {
            let product = ledger.products[Int(span.product)].id
            let activity = span.activity.isFinite ? Double(span.activity) : nil
            if let held = open.firstIndex(where: { $0.product == product }) {
                if let activity { open[held].activity = max(open[held].activity ?? activity, activity) }
            } else {
                open.append((product, activity))
            }
        }
        return open
    }

    /// The node at a territory path (`BR-1/MC-1`) or id.
    public func node(_ key: String) -> Node? {
        if let node = nodes[key] { return node }
        guard let last = key.split(separator: "/").last.map(String.init), let node = nodes[last], node.path == key else { return nil }
        return node
    }

    /// Whether `path` (a customer's home) lies in `node`.
    public func contains(_ node: Node, path: String) -> Bool { path == node.path || path.hasPrefix(node.path + "/") }

    /// The store ids at or below a node.
    public func stores(below node: Node) -> [String] {
        if node.level == .store { return [node.id] }
        return node.children.compactMap { nodes[$0] }.flatMap { stores(below: $0) }
    }

    /// The store's kind, from the types of places within its radiation area.
    public func storeKind(_ store: String) -> (kind: String, places: [String: Int]) {
        guard let area = storeAreas[store] else { return ("unknown", [:]) }
        var counts: [String: Int] = [:]
        for place in places {
            let dx = place.x - area.x
            let dy = place.y - area.y
            if dx * dx + dy * dy <= area.radius * area.radius { counts[Self.district(place.type), default: 0] += 1 }
        }
        let kind = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "unknown"
        return (kind, counts)
    }

    /// The district a place type makes, in the store types of the source material.
    static func district(_ type: PlaceType) -> String {
        switch type {
        case .residentialEstate, .kindergarten, .primarySchool, .secondarySchool, .childrensPalace: "residential community"
        case .officeTower, .governmentOffice: "office"
        case .industrialPark, .wholesaleMarket: "industrial"
        case .university: "campus"
        default: "commercial district"
        }
    }
}
