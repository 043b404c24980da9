import Foundation
import PanoramaModel

/// Everything about the demo city that does not change from day to day, built once and
/// shared read-only by the workers that write the days (a class, so that sharing it costs
/// one reference, not a copy of every array in it).
final class CityModel: Sendable {
    let seed: UInt64
    let days: Int
    /// Local midnight of the first generated day, as days since the epoch.
    let firstDay: Int
    /// Weekday of the first day, 0 = Monday.
    let firstWeekday: Int
    let shape: CityShape
    let territory: Territory
    let places: CityPlaces
    let population: Population
    let calendar: EventCalendar
    let graph: ContactGraph
    let numbers: NumberTable
    /// Window-relative days each person is on the network: `[joined, left)`.
    let joined: [Int32]
    let left: [Int32]

    func isActive(_ person: Int, on day: Int) -> Bool { day >= joined[person] && day < left[person] }

    /// Builds the territory, places, people, calendar and circles; the history is run separately.
    init(subscribers: Int, days: Int, start: CivilDate, seed: UInt64) {
        self.seed = seed
        self.days = days
        firstDay = start.daysSinceEpoch
        // 1970-01-01 was a Thursday (weekday 3 when Monday is 0).
        firstWeekday = ((start.daysSinceEpoch + 3) % 7 + 7) % 7
        shape = CityShape(subscribers: subscribers)
        territory = Territory(subscribers: subscribers, shape: shape, seed: seed)
        places = CityPlaces(subscribers: subscribers, shape: shape, territory: territory, seed: seed)
        population = Population(subscribers: subscribers, days: days, shape: shape, places: places, seed: seed)
        var calendar = EventCalendar(days: days, firstWeekday: firstWeekday, subscribers: subscribers, places: places, seed: seed)
        calendar.calibrate(population: population)
        self.calendar = calendar
        graph = ContactGraph(population: population, seed: seed)
        numbers = NumberTable(subscribers: subscribers, externals: graph.externalPool)
        joined = []
        left = []
    }

    /// The same city with the days each person is on the network, once the history knows them.
    private init(_ base: CityModel, joined: [Int32], left: [Int32]) {
        seed = base.seed
        days = base.days
        firstDay = base.firstDay
        firstWeekday = base.firstWeekday
        shape = base.shape
        territory = base.territory
        places = base.places
        population = base.population
        calendar = base.calendar
        graph = base.graph
        numbers = base.numbers
        self.joined = joined
        self.left = left
    }

    func withMembership(_ history: CustomerHistory) -> CityModel {
        let window = Int32(firstDay)
        return CityModel(
            self, joined: history.activation.map { $0 - window },
            left: history.departure.map { $0 == .max ? .max : $0 - window })
    }

    /// The region path of a store: branch, center, area and store ids.
    func regionPath(ofStore store: Int) -> String {
        let area = territory.stores[store].parent
        let center = territory.areas[area].parent
        let branch = territory.centers[center].parent
        return [territory.branches[branch].id, territory.centers[center].id, territory.areas[area].id, territory.stores[store].id]
            .joined(separator: "/")
    }

    /// The store whose cell serves a point.
    func store(at point: Point) -> Int { territory.cells[Int(territory.raster.cell(at: point))].store }
}
