import Foundation
import PanoramaModel

/// What a person does for a living: it decides their places, hours and tastes.
public enum Persona: Int, Sendable, CaseIterable {
    case whiteCollar, collegeStudent, civilServant, factoryWorker, shopOwner, serviceWorker, retiree, homemaker

    public var name: String {
        ["white_collar", "college_student", "civil_servant", "factory_worker", "shop_owner", "service_worker", "retiree", "homemaker"][rawValue]
    }

    /// Shares of the adult population (documented in `docs/demo-city.md`).
    static let shares: [Double] = [0.24, 0.09, 0.04, 0.14, 0.07, 0.12, 0.18, 0.12]

    /// The demographic tag a perfect observer would give, when the persona has one.
    var occupationTag: String? {
        switch self {
        case .whiteCollar: "demographic/occupation/white_collar"
        case .collegeStudent: "demographic/occupation/college_student"
        case .civilServant: "demographic/occupation/civil_servant"
        case .factoryWorker: "demographic/occupation/factory_worker"
        default: nil
        }
    }
}

/// How someone gets to work.
public enum CommuteMode: Int, Sendable, CaseIterable {
    case none, walk, bus, subway, car

    public var name: String { ["none", "walk", "bus", "subway", "car"][rawValue] }

    /// Average door-to-door speed of a trip, km/h, waits included.
    var averageSpeed: Double { [4.5, 4.5, 16, 28, 26][rawValue] }
    /// The fastest a trip in this mode can physically be, km/h: the tests' speed limit.
    public var maximumSpeed: Double { [7, 7, 60, 80, 120][rawValue] }
}

/// Latent tastes: what a person would go out for, as bits.
struct Interests: OptionSet, Sendable {
    let rawValue: UInt16
    static let pop = Interests(rawValue: 1 << 0)
    static let symphony = Interests(rawValue: 1 << 1)
    static let folk = Interests(rawValue: 1 << 2)
    static let football = Interests(rawValue: 1 << 3)
    static let basketball = Interests(rawValue: 1 << 4)
    static let industryIT = Interests(rawValue: 1 << 5)
    static let industryAuto = Interests(rawValue: 1 << 6)
    static let industryHome = Interests(rawValue: 1 << 7)
    static let cinema = Interests(rawValue: 1 << 8)
    static let nightlife = Interests(rawValue: 1 << 9)
}

/// Health needs that send a person to a kind of hospital.
struct HealthNeeds: OptionSet, Sendable {
    let rawValue: UInt8
    static let child = HealthNeeds(rawValue: 1 << 0)
    static let maternity = HealthNeeds(rawValue: 1 << 1)
    static let chronic = HealthNeeds(rawValue: 1 << 2)
}

/// One subscriber's hidden life: everything the generator knows and the engine must infer.
struct Person: Sendable {
    var persona: Persona
    var age: Int
    var female: Bool
    var home: Int32
    var homePoint: Point
    var work: Int32 = -1
    var workPoint: Point
    var tier: PriceTier
    var commute: CommuteMode = .none
    /// Station or bus stop used at each end of the commute.
    var homeStop: Int32 = -1
    var workStop: Int32 = -1
    /// Minutes after midnight.
    var workStart: Int = 0
    var workEnd: Int = 0
    /// Works on Saturdays too (factories, shops); `dayOff` is a weekday off (0 = Monday) or -1.
    var sixDays = false
    var dayOff = -1
    var nightShift = false
    var childSchool: Int32 = -1
    /// Share of weekdays on which this person takes the child to school.
    var schoolRunShare = 0.0
    var interests: Interests = []
    /// Favourite pop artists, as bits over `EventCalendar.artists`.
    var artists: UInt8 = 0
    var health: HealthNeeds = []
    /// Multiplies how often the phone talks to the network.
    var activity = 1.0
    /// Minutes between periodic location updates.
    var periodicMinutes = 60
    /// Switches the phone off at night.
    var nightOff = false
    /// First day (window-relative) of a trip out of town and its length; -1 for none.
    var awayStart = -1
    var awayDays = 0
    /// Tendency to adopt new products early, 0…1.
    var innovativeness = 0.0
    /// The places this person goes to for errands and leisure, each the nearest or one of
    /// the nearest of its kind: habits make the same places recur.
    var errand: Int32 = -1
    var market: Int32 = -1
    var cinema: Int32 = -1
    var bar: Int32 = -1
    var internetCafe: Int32 = -1
    var hospital: Int32 = -1
    var childrensHospital: Int32 = -1
    var maternityHospital: Int32 = -1
    var hasCar: Bool { commute == .car }
}

/// Everyone in the city and where they live, work and study.
struct Population: Sendable {
    private(set) var people: [Person] = []
    /// Index of Xiao Wang, the storyline's subscriber.
    static let xiaoWang = 0

    init(subscribers n: Int, days: Int, shape: CityShape, places: CityPlaces, seed: UInt64) {
        let estatesByTier = PriceTier.allCases.map { tier in
            places.indexes(.residentialEstate).filter { places.all[$0].tier == tier }
        }
        let stations = places.indexes(.subwayStation)
        let stops = places.indexes(.busStop)
        let stationIndex = SpatialIndex(points: stations.map { places.all[$0].point }, bucket: 1)
        let stopIndex = SpatialIndex(points: stops.map { places.all[$0].point }, bucket: 1)
        let towers = places.indexes(.officeTower)
        let workplaces: [Persona: [Int]] = [
            .whiteCollar: towers, .collegeStudent: places.indexes(.university),
            .civilServant: places.indexes(.governmentOffice), .factoryWorker: places.indexes(.industrialPark),
            .shopOwner: places.indexes(.wholesaleMarket) + places.indexes(.shoppingMall) + places.indexes(.commercialStreet),
            .serviceWorker: places.indexes(.shoppingMall) + places.indexes(.commercialStreet) + places.indexes(.cinema),
        ]
        let haunts = Haunts(places: places)
        people.reserveCapacity(n)
        for index in 0..<n {
            var random = SplitMix64.keyed(seed, 3, UInt64(index))
            let persona = index == Self.xiaoWang ? .whiteCollar : Persona(rawValue: random.pick(weights: Persona.shares))!
            var person = Self.person(persona, &random)
            // Workplace: larger places draw more people (towers in the district weigh double).
            if let candidates = workplaces[persona], !candidates.isEmpty {
                let place = index == Self.xiaoWang ? places.tianheNorthTower : candidates[random.below(candidates.count)]
                person.work = Int32(place)
                let spot = places.all[place]
                person.workPoint = random.inDisc(around: spot.point, radius: spot.radius / 1000 * 0.6)
            }
            // Home: students in campus dormitories, everyone else in an estate of their tier,
            // the nearer one of a few candidates, as people choose homes within reach of work.
            if persona == .collegeStudent {
                let campus = places.all[Int(person.work)]
                let dormitory = campus.point.moved(by: campus.radius / 1000 * 0.55, angle: Double(person.work) * 1.7)
                person.home = person.work
                person.homePoint = random.inDisc(around: dormitory, radius: 0.1)
                person.workPoint = campus.point.moved(by: campus.radius / 1000 * 0.3, angle: Double(person.work) * 1.7 + Double.pi)
                person.tier = .low
            } else {
                let tier: PriceTier = index == Self.xiaoWang ? .high : person.tier
                let pool = estatesByTier[tier.rawValue].isEmpty ? places.indexes(.residentialEstate) : estatesByTier[tier.rawValue]
                var estate = pool[random.below(pool.count)]
                if person.work >= 0 {
                    let work = person.workPoint
                    for _ in 0..<2 {
                        let candidate = pool[random.below(pool.count)]
                        if places.all[candidate].point.distance(to: work) < places.all[estate].point.distance(to: work) { estate = candidate }
                    }
                }
                if index == Self.xiaoWang { estate = places.xingheBay }
                person.home = Int32(estate)
                person.tier = places.all[estate].tier ?? .middle
                person.homePoint = random.inDisc(around: places.all[estate].point, radius: places.all[estate].radius / 1000 * 0.7)
                // The storyline's subscriber lives in the middle of Xinghe Bay, not at its edge
                // next to another estate, so that his story reads plainly in every city.
                if index == Self.xiaoWang { person.homePoint = places.all[estate].point }
                if person.work < 0 { person.workPoint = person.homePoint }
            }
            Self.chooseCommute(&person, places: places, stations: (stations, stationIndex), stops: (stops, stopIndex), &random)
            Self.assignFamilyAndTastes(&person, haunts: haunts, &random)
            if random.chance(0.15), days > 2 {
                person.awayDays = 2 + random.below(min(4, days - 1))
                person.awayStart = random.below(max(1, days - person.awayDays + 1))
            }
            haunts.assign(&person, &random)
            if index == Self.xiaoWang { Self.makeXiaoWang(&person) }
            people.append(person)
        }
    }

    private static func person(_ persona: Persona, _ random: inout SplitMix64) -> Person {
        let age: Int
        switch persona {
        case .collegeStudent: age = 18 + random.below(6)
        case .retiree: age = 60 + random.below(25)
        case .whiteCollar: age = 23 + random.below(28)
        default: age = 22 + random.below(38)
        }
        let tierWeights: [Double] =
            switch persona {
            case .whiteCollar: [0.1, 0.4, 0.35, 0.15]
            case .civilServant: [0.05, 0.45, 0.4, 0.1]
            case .factoryWorker: [0.8, 0.2, 0, 0]
            case .serviceWorker: [0.55, 0.4, 0.05, 0]
            case .collegeStudent: [1, 0, 0, 0]
            default: [0.25, 0.45, 0.22, 0.08]
            }
        var person = Person(
            persona: persona, age: age, female: random.chance(0.5), home: -1, homePoint: Point(x: 0, y: 0),
            workPoint: Point(x: 0, y: 0), tier: PriceTier(rawValue: random.pick(weights: tierWeights))!)
        let jitter = random.below(61) - 30
        switch persona {
        case .whiteCollar: (person.workStart, person.workEnd) = (540 + jitter, 1110 + jitter)
        case .civilServant: (person.workStart, person.workEnd) = (510 + jitter / 3, 1050 + jitter / 3)
        case .factoryWorker:
            (person.workStart, person.workEnd, person.sixDays) = (480, 1050, true)
            if random.chance(0.08) { (person.nightShift, person.workStart, person.workEnd) = (true, 1200, 480) }
        case .shopOwner: (person.workStart, person.workEnd, person.dayOff) = (570 + jitter, 1260, random.below(5))
        case .serviceWorker:
            let late = random.chance(0.4)
            (person.workStart, person.workEnd, person.sixDays) = (late ? 720 : 600, late ? 1290 : 1140, true)
        case .collegeStudent: (person.workStart, person.workEnd) = (480, 1050)
        case .retiree, .homemaker: break
        }
        let personaActivity = [1.3, 1.6, 1.0, 0.8, 1.1, 1.0, 0.5, 0.8][persona.rawValue]
        person.activity = personaActivity * exp(0.5 * random.normal() - 0.125)
        person.periodicMinutes = [60, 90, 120][random.below(3)]
        person.nightOff = random.chance(persona == .retiree ? 0.3 : 0.08)
        person.innovativeness = min(1, max(0, (persona == .collegeStudent ? 0.6 : persona == .retiree ? 0.2 : 0.4) + 0.2 * random.normal()))
        return person
    }

    private static func chooseCommute(
        _ person: inout Person, places: CityPlaces, stations: ([Int], SpatialIndex), stops: ([Int], SpatialIndex),
        _ random: inout SplitMix64
    ) {
        guard person.work >= 0, person.persona != .collegeStudent else { return }
        let distance = person.homePoint.distance(to: person.workPoint)
        if distance < 1.0 {
            person.commute = .walk
            return
        }
        if random.chance([0.05, 0.2, 0.4, 0.6][person.tier.rawValue]) {
            person.commute = .car
            return
        }
        let homeStation = stations.0[stations.1.nearest(to: person.homePoint)]
        let workStation = stations.0[stations.1.nearest(to: person.workPoint)]
        if homeStation != workStation, places.all[homeStation].point.distance(to: person.homePoint) < 1.8,
            places.all[workStation].point.distance(to: person.workPoint) < 1.8
        {
            (person.commute, person.homeStop, person.workStop) = (.subway, Int32(homeStation), Int32(workStation))
            return
        }
        // The bus, when a stop is within reach at both ends; otherwise walk a short way or drive.
        let homeStop = stops.0[stops.1.nearest(to: person.homePoint)]
        let workStop = stops.0[stops.1.nearest(to: person.workPoint)]
        if homeStop != workStop, places.all[homeStop].point.distance(to: person.homePoint) < 1.5,
            places.all[workStop].point.distance(to: person.workPoint) < 1.5
        {
            (person.commute, person.homeStop, person.workStop) = (.bus, Int32(homeStop), Int32(workStop))
        } else {
            person.commute = distance < 3 ? .walk : .car
        }
    }

    private static func assignFamilyAndTastes(_ person: inout Person, haunts: Haunts, _ random: inout SplitMix64) {
        let workingAge = person.persona != .collegeStudent && person.persona != .retiree && (26...46).contains(person.age)
        if (workingAge && random.chance(0.32)) || (person.persona == .retiree && random.chance(0.2)) {
            person.childSchool = haunts.school(person, &random)
            person.schoolRunShare = person.persona == .retiree || person.persona == .homemaker ? 0.6 + 0.4 * random.unit() : 0.25 + 0.6 * random.unit()
            if random.chance(0.6) { person.health.insert(.child) }
        }
        if person.female, (24...38).contains(person.age), random.chance(0.05) { person.health.insert(.maternity) }
        if person.age >= 60, random.chance(0.3) { person.health.insert(.chronic) }
        let young = person.age < 40
        var interests: Interests = []
        if random.chance(young ? 0.3 : 0.12) {
            interests.insert(.pop)
            person.artists = UInt8(1 << random.pick(weights: EventCalendar.artistPopularity))
            if random.chance(0.35) { person.artists |= UInt8(1 << random.below(EventCalendar.artists.count)) }
        }
        if random.chance(person.tier.rawValue >= 2 ? 0.12 : 0.05) { interests.insert(.symphony) }
        if random.chance(person.persona == .retiree ? 0.1 : 0.04) { interests.insert(.folk) }
        if random.chance(person.female ? 0.05 : 0.18) { interests.insert(.football) }
        if random.chance(young ? 0.15 : 0.05) { interests.insert(.basketball) }
        let itShare = person.persona == .whiteCollar ? 0.3 : person.persona == .collegeStudent ? 0.1 : 0.02
        if random.chance(itShare) { interests.insert(.industryIT) }
        if random.chance(person.tier.rawValue >= 2 ? 0.12 : 0.05) { interests.insert(.industryAuto) }
        if random.chance(0.04) { interests.insert(.industryHome) }
        if random.chance(young ? 0.3 : 0.1) { interests.insert(.cinema) }
        let nightlife = person.persona == .collegeStudent ? 0.25 : person.persona == .whiteCollar ? 0.12 : young ? 0.06 : 0.01
        if random.chance(nightlife) { interests.insert(.nightlife) }
        person.interests = interests
    }

    /// 小王: lives in Xinghe Bay, works in Tianhe North, likes IT and Jacky Cheung.
    private static func makeXiaoWang(_ person: inout Person) {
        person.age = 32
        person.female = false
        person.commute = .car
        (person.homeStop, person.workStop) = (-1, -1)
        (person.workStart, person.workEnd) = (540, 1110)
        person.interests = [.pop, .industryIT, .cinema]
        person.artists = 1
        person.health = []
        person.childSchool = -1
        person.nightOff = false
        person.awayStart = -1
        person.awayDays = 0
        person.activity = 1.4
    }

    /// Finds each person's regular shops, cinema, bar and hospitals near home (or work).
    ///
    /// Candidates are looked up once per estate or workplace and shared by everyone there.
    private final class Haunts {
        let places: CityPlaces
        private var indexes: [PlaceType: ([Int], SpatialIndex)] = [:]
        private var cache: [Int: [Int32]] = [:]

        init(places: CityPlaces) {
            self.places = places
            for type in [PlaceType.shoppingMall, .commercialStreet, .wholesaleMarket, .cinema, .bar, .internetCafe, .generalHospital, .childrensHospital, .maternityHospital, .kindergarten, .primarySchool] {
                let members = places.indexes(type)
                indexes[type] = (members, SpatialIndex(points: members.map { places.all[$0].point }, bucket: 2))
            }
        }

        /// One of the `among` nearest places of the types around the place `anchor`.
        func near(_ types: [PlaceType], _ anchor: Int32, among: Int, _ random: inout SplitMix64) -> Int32 {
            let key = Int(anchor) << 8 | types.count << 5 | (PlaceType.allCases.firstIndex(of: types[0]) ?? 0)
            let candidates: [Int32]
            if let cached = cache[key] {
                candidates = cached
            } else {
                let point = places.all[Int(anchor)].point
                var found: [(Double, Int)] = []
                for type in types {
                    guard let (members, index) = indexes[type], !members.isEmpty else { continue }
                    var near = index.within(3, of: point)
                    if near.isEmpty { near = [index.nearest(to: point)] }
                    found += near.prefix(4).map { (places.all[members[$0]].point.distance(to: point), members[$0]) }
                }
                found.sort { ($0.0, $0.1) < ($1.0, $1.1) }
                candidates = found.map { Int32($0.1) }
                cache[key] = candidates
            }
            guard !candidates.isEmpty else { return -1 }
            return candidates[random.below(min(among, candidates.count))]
        }

        func assign(_ person: inout Person, _ random: inout SplitMix64) {
            person.errand = near([.shoppingMall, .commercialStreet], person.home, among: 3, &random)
            person.market = near([.wholesaleMarket, .commercialStreet], person.home, among: 2, &random)
            person.cinema = near([.cinema], person.home, among: 2, &random)
            person.bar = near([.bar], random.chance(0.5) && person.work >= 0 ? person.work : person.home, among: 4, &random)
            person.internetCafe = near([.internetCafe], person.home, among: 2, &random)
            person.hospital = near([.generalHospital], person.home, among: 2, &random)
            person.childrensHospital = near([.childrensHospital], person.home, among: 1, &random)
            person.maternityHospital = near([.maternityHospital], person.home, among: 1, &random)
        }

        /// A kindergarten or primary school near home, for a child.
        func school(_ person: Person, _ random: inout SplitMix64) -> Int32 {
            near([.kindergarten, .primarySchool], person.home, among: 3, &random)
        }
    }

    subscript(index: Int) -> Person { people[index] }
    var count: Int { people.count }
}
