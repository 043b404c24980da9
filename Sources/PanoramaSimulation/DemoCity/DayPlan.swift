import Foundation
import PanoramaModel

/// Where a person physically is during one day: stays, and the trips between them.
///
/// A plan is the ground truth that location records are drawn from. Trips take the time
/// their mode needs for the distance, so a plan never teleports; the tests hold every
/// plan to the maximum speed of its modes.
public struct DayPlan: Sendable {
    public struct Stay: Sendable {
        /// Kilometres east and north of downtown.
        public var x: Double
        public var y: Double
        /// Seconds after local midnight; `end` is where the trip to the next stay begins.
        public var start: Int
        public var end: Int
        /// The place, if the stay is at one (an index into the city's places).
        public var place: Int
        /// How the person travelled here from the previous stay.
        public var arrivedBy: CommuteMode
        var point: Point { Point(x: x, y: y) }
    }

    public internal(set) var stays: [Stay] = []

    /// Behaviour a perfect observer records for the truth files, one bit per kind.
    struct Observed: OptionSet, Sendable {
        let rawValue: UInt16
        static let nightAtHome = Observed(rawValue: 1 << 0)
        static let atWork = Observed(rawValue: 1 << 1)
        static let subwayAtRushHour = Observed(rawValue: 1 << 2)
        static let busAtRushHour = Observed(rawValue: 1 << 3)
        static let schoolRun = Observed(rawValue: 1 << 4)
        static let lateAtBar = Observed(rawValue: 1 << 5)
        static let childrensHospital = Observed(rawValue: 1 << 6)
        static let maternityHospital = Observed(rawValue: 1 << 7)
        static let generalHospital = Observed(rawValue: 1 << 8)
        static let cinema = Observed(rawValue: 1 << 9)
        static let count = 10
    }
}

/// Plans one person's day from their persona, habits, the calendar and chance.
///
/// Every decision draws from a generator keyed by (person, day), and yesterday's late
/// night out is re-derived from its own key, so any day can be planned alone and in
/// any order: this is what lets days run in parallel and still give identical files.
struct DayPlanner {
    let city: CityModel
    let personIndex: Int
    let person: Person
    let day: Int
    let weekday: Int
    var random: SplitMix64
    var plan = DayPlan()
    var observed: DayPlan.Observed = []
    /// Events the person was at, for the truth: recorded when the visit really happens.
    var attended: [(event: Int, fan: Bool)] = []
    /// Events chosen today and whether the person is a fan (parallel to `chosen`).
    private var chosen: [Int] = []
    private var isFan: [Bool] = []

    init(city: CityModel, person: Int, day: Int) {
        self.city = city
        personIndex = person
        self.person = city.population[person]
        self.day = day
        weekday = (city.firstWeekday + day) % 7
        random = SplitMix64.keyed(city.seed, 20, UInt64(person), UInt64(day))
    }

    private var isWeekday: Bool { weekday < 5 }

    private func place(_ index: Int32) -> CityPlaces.Place { city.places.all[Int(index)] }

    /// The evening film: cinema-goers leave at half past six and stay until it ends after nine.
    static let filmStarts = 19 * 3600 + 1800

    /// Whether the person is out at a bar late on `day` (re-derivable for the next morning).
    static func barNight(city: CityModel, person: Person, index: Int, day: Int) -> Bool {
        guard person.interests.contains(.nightlife), person.bar >= 0, !person.nightShift, day >= 0, !person.isAway(on: day) else {
            return false
        }
        let weekday = (city.firstWeekday + day) % 7
        let chance = weekday == 4 || weekday == 5 ? 0.45 : 0.12
        return SplitMix64.hashUnit(city.seed, 21, UInt64(index), UInt64(day)) < chance
    }

    private func worksToday() -> Bool {
        guard person.work >= 0 else { return false }
        if weekday == person.dayOff { return false }
        if person.persona == .shopOwner { return true }
        return isWeekday || (person.sixDays && weekday == 5)
    }

    // MARK: Moving

    private var current: DayPlan.Stay { plan.stays[plan.stays.count - 1] }

    private func travelSeconds(_ from: Point, _ to: Point, _ mode: CommuteMode) -> Int {
        Int((from.distance(to: to) / mode.averageSpeed * 3600).rounded(.up)) + (mode == .car ? 180 : 0)
    }

    private func everydayMode(_ distance: Double) -> CommuteMode {
        if distance < 1.2 { return .walk }
        if person.hasCar { return .car }
        return distance > 6 ? .subway : .bus
    }

    /// Leaves the current stay at `leaving` (or as soon as possible) and stays at `point`
    /// until `until`. Returns false, changing nothing, when the day is over first or the
    /// person would arrive after `latestArrival`.
    @discardableResult
    private mutating func go(
        to point: Point, place: Int32, by mode: CommuteMode? = nil, leaving: Int, until: Int, latestArrival: Int = 86_400
    ) -> Bool {
        let here = current
        if here.point == point {
            plan.stays[plan.stays.count - 1].end = min(86_400, max(here.end, until))
            return true
        }
        let depart = max(leaving, here.start + 60)
        let mode = mode ?? everydayMode(here.point.distance(to: point))
        let arrive = depart + travelSeconds(here.point, point, mode)
        guard arrive + 60 < 86_400, arrive <= latestArrival else { return false }
        plan.stays[plan.stays.count - 1].end = depart
        plan.stays.append(
            DayPlan.Stay(x: point.x, y: point.y, start: arrive, end: min(86_400, max(arrive + 60, until)), place: Int(place), arrivedBy: mode))
        return true
    }

    /// Goes to a place for something that has a time: the person goes only if they can get
    /// there by `arrivingBy` (by default, before the time they meant to leave it), so the
    /// truth never counts a visit of a minute to a film that is over or a school whose
    /// children have gone home.
    private mutating func goToPlace(_ index: Int32, leaving: Int, until: Int, arrivingBy: Int? = nil) -> Bool {
        guard index >= 0 else { return false }
        let target = place(index)
        let point = random.inDisc(around: target.point, radius: target.radius / 1000 * 0.5)
        return go(to: point, place: index, leaving: leaving, until: until, latestArrival: arrivingBy ?? until)
    }

    private mutating func goHome(leaving: Int) {
        go(to: person.homePoint, place: person.home, leaving: leaving, until: 86_400)
    }

    /// The commute, through the stations or stops of the person's mode.
    private mutating func commute(toWork: Bool, leaving: Int, until: Int) {
        let (fromStop, toStop) = toWork ? (person.homeStop, person.workStop) : (person.workStop, person.homeStop)
        let destination = toWork ? person.workPoint : person.homePoint
        let destinationPlace = toWork ? person.work : person.home
        switch person.commute {
        case .subway, .bus:
            let mode = person.commute
            let waiting = mode == .subway ? 120 + random.below(240) : 180 + random.below(420)
            let first = place(fromStop).point
            let last = place(toStop).point
            guard go(to: first, place: fromStop, by: .walk, leaving: leaving, until: 0) else { return }
            let boardingStay = plan.stays.count - 1
            let boarding = current.start + waiting
            plan.stays[boardingStay].end = boarding
            guard go(to: last, place: toStop, by: mode, leaving: boarding, until: 0) else { return }
            let alightingStay = plan.stays.count - 1
            go(to: destination, place: destinationPlace, by: .walk, leaving: current.start + 60, until: until)
            if isWeekday {
                let rush = { (second: Int) in (25_200..<34_200).contains(second) || (61_200..<68_400).contains(second) }
                if [boardingStay, alightingStay].contains(where: { rush(plan.stays[$0].start) || rush(plan.stays[$0].end) }) {
                    observed.insert(mode == .subway ? .subwayAtRushHour : .busAtRushHour)
                }
            }
        default:
            go(to: destination, place: destinationPlace, by: person.commute == .none ? nil : person.commute, leaving: leaving, until: until)
        }
    }

    private func commuteSeconds() -> Int {
        let direct = person.homePoint.distance(to: person.workPoint)
        switch person.commute {
        case .subway: return Int(direct / 28 * 3600) + 900
        case .bus: return Int(direct / 16 * 3600) + 900
        case .car: return Int(direct / CommuteMode.car.averageSpeed * 3600) + 300
        default: return Int(direct / 4.5 * 3600) + 60
        }
    }

    // MARK: The day

    mutating func make() -> DayPlan {
        guard !person.isAway(on: day) else { return plan }
        let startsAtBar = Self.barNight(city: city, person: person, index: personIndex, day: day - 1)
        let startPoint = person.nightShift && day > 0 ? person.workPoint : startsAtBar ? place(person.bar).point : person.homePoint
        let startPlace = person.nightShift && day > 0 ? person.work : startsAtBar ? person.bar : person.home
        plan.stays.append(DayPlan.Stay(x: startPoint.x, y: startPoint.y, start: 0, end: 86_400, place: Int(startPlace), arrivedBy: .none))
        if startsAtBar { goHome(leaving: 1800 + random.below(5400)) }
        if person.nightShift {
            if day > 0 { goHome(leaving: 8 * 3600 + random.below(900)) }
            observed.insert(.atWork)
            commute(toWork: true, leaving: 20 * 3600 - commuteSeconds() - random.below(600), until: 86_400)
            return finish()
        }
        if startPlace == person.home || startsAtBar { observed.insert(.nightAtHome) }

        let events = todaysEvents()
        if person.persona == .collegeStudent {
            student(events: events)
        } else if worksToday() {
            workday(events: events)
        } else {
            dayAtLeisure(events: events)
        }
        return finish()
    }

    private mutating func finish() -> DayPlan {
        plan.stays[plan.stays.count - 1].end = 86_400
        return plan
    }

    /// Events this person goes to today: fans by their tastes, companions by chance.
    private mutating func todaysEvents() -> [Int] {
        for event in city.calendar.byDay[day] {
            let info = city.calendar.events[event]
            let pull = EventCalendar.pull(info, on: person)
            let roll = SplitMix64.hashUnit(city.seed, 22, UInt64(personIndex), UInt64(event))
            let fan = pull > 0 && roll < info.fanChance * pull
            let companion = !fan && roll > 1 - info.companionChance
            let storyline = personIndex == Population.xiaoWang
                && (event == city.calendar.storylineFair || event == city.calendar.storylineConcert)
            if fan || companion || storyline {
                guard !chosen.contains(where: { overlaps(city.calendar.events[$0], info) }) else { continue }
                chosen.append(event)
                isFan.append(fan || storyline)
            }
        }
        return chosen
    }

    private func overlaps(_ a: EventCalendar.Event, _ b: EventCalendar.Event) -> Bool {
        a.start < b.end + 3600 && b.start < a.end + 3600
    }

    /// Goes to an event: a show from before it starts to its end, a fair for a couple of
    /// hours. Counts as attended only if the person is there for at least half an hour of it.
    private mutating func attend(_ event: Int) {
        let info = city.calendar.events[event]
        let venue = place(Int32(info.place))
        let travel = travelSeconds(current.point, venue.point, everydayMode(current.point.distance(to: venue.point)))
        let isFair = info.end - info.start > 6 * 3600
        let leaving = isFair ? max(current.start + 60, info.start - travel + random.below(2 * 3600)) : info.start - 600 - random.below(1800) - travel
        let arrival = max(leaving, current.start + 60) + travel
        let leave = isFair ? min(info.end, max(arrival, info.start) + 5400 + random.below(2 * 3600)) : info.end + random.below(1200)
        guard goToPlace(Int32(info.place), leaving: leaving, until: leave) else { return }
        if min(current.end, info.end) - max(current.start, info.start) >= 1800, let slot = chosen.firstIndex(of: event) {
            attended.append((event, isFan[slot]))
        }
    }

    private mutating func schoolRun(morning: Bool) {
        guard person.childSchool >= 0 else { return }
        let bell = morning ? 8 * 3600 : 16 * 3600 + 1800
        let travel = travelSeconds(current.point, place(person.childSchool).point, everydayMode(current.point.distance(to: place(person.childSchool).point)))
        if goToPlace(person.childSchool, leaving: bell - 900 - travel + random.below(900), until: bell + 300 + random.below(600)) {
            observed.insert(.schoolRun)
        }
    }

    private mutating func healthVisits() {
        if person.health.contains(.maternity), random.chance(1.0 / 7), goToPlace(person.maternityHospital, leaving: current.start + 1800, until: current.start + 3 * 3600) {
            observed.insert(.maternityHospital)
        } else if person.health.contains(.child), random.chance(1.0 / 20), goToPlace(person.childrensHospital, leaving: max(current.start + 600, 9 * 3600), until: 11 * 3600 + random.below(3600)) {
            observed.insert(.childrensHospital)
        } else if person.health.contains(.chronic), random.chance(1.0 / 12), goToPlace(person.hospital, leaving: max(current.start + 600, 8 * 3600), until: 10 * 3600 + random.below(7200)) {
            observed.insert(.generalHospital)
        }
    }

    private mutating func evening(events: [Int], from: Int) {
        let evening = events.filter { city.calendar.events[$0].start >= 17 * 3600 }
        if let event = evening.first {
            attend(event)
            if Self.barNight(city: city, person: person, index: personIndex, day: day) {
                barUntilMidnight()
            } else {
                goHome(leaving: current.end)
            }
            return
        }
        if Self.barNight(city: city, person: person, index: personIndex, day: day) {
            goHome(leaving: from)
            barUntilMidnight()
            return
        }
        if person.interests.contains(.cinema), random.chance(0.12),
            goToPlace(person.cinema, leaving: 19 * 3600 - 1800, until: 21 * 3600 + random.below(1800), arrivingBy: Self.filmStarts)
        {
            observed.insert(.cinema)
            goHome(leaving: current.end)
        } else if random.chance(0.18), goToPlace(person.errand, leaving: from, until: from + 3600 + random.below(3600)) {
            goHome(leaving: current.end)
        } else {
            goHome(leaving: from)
        }
    }

    private mutating func barUntilMidnight() {
        if goToPlace(person.bar, leaving: 21 * 3600 + random.below(5400), until: 86_400) {
            observed.insert(.lateAtBar)
        }
    }

    private mutating func workday(events: [Int]) {
        let start = person.workStart * 60 + random.below(1200) - 600
        var end = person.workEnd * 60 + random.below(2400) - 900
        let dropOff = isWeekday && person.childSchool >= 0 && random.chance(person.schoolRunShare)
        let pickUp = isWeekday && person.childSchool >= 0 && random.chance(person.schoolRunShare * 0.6)
        if dropOff { schoolRun(morning: true) }
        if person.commute == .walk || person.commute == .car || !dropOff {
            commute(toWork: true, leaving: max(current.start + 60, start - commuteSeconds()), until: end)
        } else {
            go(to: person.workPoint, place: person.work, leaving: current.start, until: end)
        }
        observed.insert(.atWork)
        if let daytime = events.first(where: { city.calendar.events[$0].start < 17 * 3600 }) {
            attend(daytime)
            if current.place != Int(person.work) && current.end + 3600 < end {
                go(to: person.workPoint, place: person.work, leaving: current.end, until: end)
            }
            end = max(end, current.end)
        }
        if pickUp && current.place == Int(person.work) {
            plan.stays[plan.stays.count - 1].end = max(current.start + 60, min(current.end, 16 * 3600))
            schoolRun(morning: false)
            goHome(leaving: current.end)
            evening(events: events, from: max(current.start + 600, 19 * 3600))
            return
        }
        if current.place == Int(person.work) {
            if events.contains(where: { city.calendar.events[$0].start >= 17 * 3600 }) {
                plan.stays[plan.stays.count - 1].end = max(current.start + 60, end)
                evening(events: events, from: end)
            } else {
                commute(toWork: false, leaving: end, until: 86_400)
                evening(events: events, from: current.start + 1800)
            }
        } else {
            evening(events: events, from: current.end)
        }
    }

    private mutating func student(events: [Int]) {
        let daytime = events.first(where: { city.calendar.events[$0].start < 17 * 3600 })
        if isWeekday {
            if let daytime {
                // A fair instead of the morning's classes.
                attend(daytime)
                goHome(leaving: current.end)
            } else {
                go(to: person.workPoint, place: person.work, by: .walk, leaving: 7 * 3600 + 2400 + random.below(1200), until: 12 * 3600)
                go(to: person.homePoint, place: person.home, by: .walk, leaving: 12 * 3600 + random.below(600), until: 13 * 3600 + 1800)
            }
            go(to: person.workPoint, place: person.work, by: .walk, leaving: max(current.start + 600, 13 * 3600 + 1800 + random.below(1200)), until: 17 * 3600 + 1800)
            observed.insert(.atWork)
            go(to: person.homePoint, place: person.home, by: .walk, leaving: current.end, until: 86_400)
        } else if let daytime {
            attend(daytime)
            goHome(leaving: current.end)
        } else if random.chance(0.4) {
            _ = goToPlace(person.errand, leaving: 10 * 3600 + random.below(3 * 3600), until: 15 * 3600 + random.below(3 * 3600))
            goHome(leaving: current.end)
        }
        if random.chance(0.1), events.isEmpty, goToPlace(person.internetCafe, leaving: 19 * 3600 + random.below(1800), until: 22 * 3600) {
            goHome(leaving: current.end)
        }
        evening(events: events, from: max(current.start + 600, 18 * 3600 + random.below(3600)))
    }

    private mutating func dayAtLeisure(events: [Int]) {
        if isWeekday && person.childSchool >= 0 && random.chance(person.schoolRunShare) {
            schoolRun(morning: true)
            goHome(leaving: current.end)
        }
        if person.persona == .retiree, random.chance(0.4), goToPlace(person.market, leaving: max(current.start + 600, 7 * 3600 + random.below(3600)), until: 9 * 3600 + random.below(1800)) {
            goHome(leaving: current.end)
        }
        healthVisits()
        if current.place != Int(person.home) { goHome(leaving: current.end) }
        if let daytime = events.first(where: { city.calendar.events[$0].start < 17 * 3600 }) {
            attend(daytime)
            goHome(leaving: current.end)
        } else if random.chance(isWeekday ? 0.25 : 0.45) {
            if goToPlace(person.errand, leaving: max(current.start + 600, 13 * 3600 + random.below(2 * 3600)), until: 16 * 3600 + random.below(3600)) {
                goHome(leaving: current.end)
            }
        }
        if isWeekday && person.childSchool >= 0 && random.chance(person.schoolRunShare * 0.8) {
            schoolRun(morning: false)
            goHome(leaving: current.end)
        }
        evening(events: events, from: max(current.start + 600, 18 * 3600))
    }
}

extension Person {
    func isAway(on day: Int) -> Bool { awayStart >= 0 && day >= awayStart && day < awayStart + awayDays }
}
