import Foundation
import PanoramaModel

/// The figures a reader checks a generated city against (`truth/summary.json`, and printed).
public struct DemoCitySummary: Codable, Sendable {
    public struct Share: Codable, Sendable {
        public var name: String
        public var count: Int
        public var share: Double
    }

    public struct EventLine: Codable, Sendable {
        public var category: String
        public var events: Int
        public var fans: Int
        public var companions: Int
    }

    public struct CircleLine: Codable, Sendable {
        public var kind: String
        public var circles: Int
        public var meanSize: Double
    }

    public struct ProductLine: Codable, Sendable {
        public var product: String
        public var leads: Int
        public var penetration: Double
    }

    public var subscribers: Int
    public var days: Int
    public var seed: UInt64
    public var firstDay: String
    public var seconds: Double
    /// Of which: laying out the city and simulating the customer history, before any record.
    public var setupSeconds: Double
    /// Of which: writing the days' location and interaction records (the rest writes the truth).
    public var recordSeconds: Double
    public var branches: Int
    public var centers: Int
    public var areas: Int
    public var stores: Int
    public var cells: Int
    public var places: Int
    public var personas: [Share]
    public var commute: [Share]
    public var parents: Int
    public var locationRecords: Int
    public var interactionRecords: Int
    /// Calls and texts of the history's call days (four a month before the window).
    public var historyInteractionRecords: Int
    public var recordsPerPersonDay: Double
    public var recordsPerPersonDayP10: Int
    public var recordsPerPersonDayP90: Int
    public var interactionsPerPersonDay: Double
    public var events: [EventLine]
    public var circles: [CircleLine]
    public var contactTies: Int
    public var products: [ProductLine]
    public var monthlyChurnRate: Double
    public var churnCauses: [Share]
    public var moments: [Share]
    public var bytesWritten: Int
    public var xiaoWang: String

    init(city: CityModel, history: CustomerHistory, tally: TruthTally, options: DemoCity, seconds: Double, setupSeconds: Double, recordSeconds: Double) {
        let n = city.population.count
        func shares(_ counts: [String: Int], total: Int) -> [Share] {
            counts.keys.sorted().map { Share(name: $0, count: counts[$0]!, share: total > 0 ? Double(counts[$0]!) / Double(total) : 0) }
        }
        subscribers = n
        days = options.days
        seed = options.seed
        firstDay = options.start.description
        self.seconds = (seconds * 10).rounded() / 10
        self.setupSeconds = (setupSeconds * 10).rounded() / 10
        self.recordSeconds = (recordSeconds * 10).rounded() / 10
        branches = city.territory.branches.count
        centers = city.territory.centers.count
        areas = city.territory.areas.count
        stores = city.territory.stores.count
        cells = city.territory.cells.count
        places = city.places.all.count
        var personaCounts: [String: Int] = [:]
        var commuteCounts: [String: Int] = [:]
        var parentCount = 0
        for person in city.population.people {
            personaCounts[person.persona.name, default: 0] += 1
            commuteCounts[person.commute.name, default: 0] += 1
            if person.childSchool >= 0 { parentCount += 1 }
        }
        personas = shares(personaCounts, total: n)
        commute = shares(commuteCounts, total: n)
        parents = parentCount
        locationRecords = tally.locationRecords
        interactionRecords = tally.interactionRecords
        historyInteractionRecords = tally.historyInteractionRecords
        var activeDays = 0
        for day in 0..<options.days { for person in 0..<n where city.isActive(person, on: day) { activeDays += 1 } }
        recordsPerPersonDay = activeDays > 0 ? (Double(tally.locationRecords) / Double(activeDays) * 10).rounded() / 10 : 0
        interactionsPerPersonDay = activeDays > 0 ? (Double(tally.interactionRecords) / Double(activeDays) * 10).rounded() / 10 : 0
        func percentile(_ p: Double) -> Int {
            let total = tally.recordsPerPerson.reduce(0, +)
            var seen = 0
            for (bucket, count) in tally.recordsPerPerson.enumerated() {
                seen += count
                if Double(seen) >= p * Double(total) { return bucket }
            }
            return 500
        }
        recordsPerPersonDayP10 = percentile(0.1)
        recordsPerPersonDayP90 = percentile(0.9)
        var eventLines: [String: EventLine] = [:]
        for (index, event) in city.calendar.events.enumerated() {
            let category = event.category.hasPrefix("music/pop/") ? "music/pop" : event.category
            var line = eventLines[category] ?? EventLine(category: category, events: 0, fans: 0, companions: 0)
            line.events += 1
            line.fans += tally.fans[index]
            line.companions += tally.companions[index]
            eventLines[category] = line
        }
        events = eventLines.keys.sorted().map { eventLines[$0]! }
        var circleLines: [String: (Int, Int)] = [:]
        for circle in city.graph.circles { circleLines[circle.kind.name, default: (0, 0)].0 += 1; circleLines[circle.kind.name]!.1 += circle.members.count }
        circles = circleLines.keys.sorted().map { CircleLine(kind: $0, circles: circleLines[$0]!.0, meanSize: (Double(circleLines[$0]!.1) / Double(circleLines[$0]!.0) * 10).rounded() / 10) }
        contactTies = city.graph.neighbours.count / 2
        let lastDay = history.windowEnd
        var active = 0
        for index in 0..<n where history.isActive(index, on: lastDay) { active += 1 }
        products = CustomerHistory.products.indices.map { product in
            var adopters = 0
            var leads = 0
            for index in 0..<n where history.isActive(index, on: lastDay) {
                if Int(history.productStart[product][index]) <= lastDay && Int(history.productEnd[product][index]) > lastDay { adopters += 1 }
            }
            for index in 0..<n where history.leads[product][index] { leads += 1 }
            return ProductLine(product: CustomerHistory.products[product].id, leads: leads, penetration: active > 0 ? (Double(adopters) / Double(active) * 1000).rounded() / 1000 : 0)
        }
        let billed = zip(history.departuresPerMonth, history.activePerMonth).filter { $0.1 > 0 }
        monthlyChurnRate = billed.isEmpty ? 0 : (billed.map { Double($0.0) / Double($0.1) }.reduce(0, +) / Double(billed.count) * 10000).rounded() / 10000
        var causeCounts: [String: Int] = [:]
        for index in 0..<n where history.departureKind[index] != nil { causeCounts[history.cause[index].name, default: 0] += 1 }
        churnCauses = shares(causeCounts, total: causeCounts.values.reduce(0, +))
        var momentCounts: [String: Int] = [:]
        for moment in history.moments { momentCounts[moment.kind, default: 0] += 1 }
        moments = shares(momentCounts, total: history.moments.count)
        bytesWritten = tally.bytes
        xiaoWang = DemoCity.xiaoWangNumber
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// The summary as a reader sees it after `panorama generate`.
    public var lines: [String] {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        var lines: [String] = []
        lines.append("Territory: \(branches) branches, \(centers) marketing centers, \(areas) areas, \(stores) stores, \(cells.grouped) cells; \(places.grouped) places.")
        lines.append("Personas: " + personas.map { "\($0.name) \(percent($0.share))" }.joined(separator: ", ") + "; \(parents.grouped) parents or grandparents of a young child.")
        lines.append("Commute: " + commute.map { "\($0.name) \(percent($0.share))" }.joined(separator: ", ") + ".")
        lines.append("Location records: \(locationRecords.grouped), \(recordsPerPersonDay) per person per day (10th–90th percentile \(recordsPerPersonDayP10)–\(recordsPerPersonDayP90)).")
        lines.append("Interaction records: \(interactionRecords.grouped), \(interactionsPerPersonDay) per person per day, and \(historyInteractionRecords.grouped) on four days of each month of history; \(contactTies.grouped) contact ties.")
        lines.append("Events: " + events.map { "\($0.category) \($0.events) (\($0.fans.counted("fan")), \($0.companions.counted("companion")))" }.joined(separator: ", ") + ".")
        lines.append("Circles: " + circles.map { "\($0.circles.grouped) \($0.kind) (mean size \($0.meanSize))" }.joined(separator: ", ") + ".")
        lines.append("Products at the end (penetration, lead customers): " + products.map { "\($0.product) \(percent($0.penetration)) (\($0.leads.grouped))" }.joined(separator: ", ") + ".")
        lines.append("Churn: \(percent(monthlyChurnRate)) a month; causes " + churnCauses.map { "\($0.name) \(percent($0.share))" }.joined(separator: ", ") + ".")
        lines.append("Key moments: " + moments.map { "\($0.name) \($0.count.grouped)" }.joined(separator: ", ") + ".")
        lines.append("Xiao Wang (小王) is \(xiaoWang).")
        return lines
    }
}
