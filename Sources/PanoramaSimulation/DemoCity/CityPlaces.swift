import Foundation
import PanoramaModel

/// Price tier of a residential estate, which sets the income of the people living there.
enum PriceTier: Int, Sendable, CaseIterable {
    case low, middle, upperMiddle, high

    var attribute: String { ["low", "middle", "upper_middle", "high"][rawValue] }
    /// The income band tag that the estate's residents truly have.
    var incomeBand: String { ["low", "middle", "upper_middle", "high"][rawValue] }
}

/// Every place of the city: where people live, work, study, shop, travel, heal and have fun.
///
/// Counts grow with the population (figures per million subscribers are in
/// `docs/demo-city.md`); each kind is placed where such places are found in a real
/// city: towers in the business district, universities in a university town, factories
/// on the outskirts, schools and bus stops among the estates.
struct CityPlaces: Sendable {
    struct Place: Sendable {
        var id: String
        var name: String
        var type: PlaceType
        var point: Point
        /// Metres.
        var radius: Double
        var tier: PriceTier?
        var cells: [Int]
        /// For subway stations: the line they are on.
        var line: Int = -1
    }

    private(set) var all: [Place] = []
    /// Place indexes by type.
    private(set) var byType: [PlaceType: [Int]] = [:]
    /// Subway stations of each line, in order along the line.
    private(set) var lines: [[Int]] = []
    /// The storyline's places.
    private(set) var xinghaiConcertHall = 0
    private(set) var pazhouExpoCenter = 0
    private(set) var xingheBay = 0
    private(set) var tianheNorthTower = 0

    func indexes(_ type: PlaceType) -> [Int] { byType[type] ?? [] }

    init(subscribers n: Int, shape: CityShape, territory: Territory, seed: UInt64) {
        var random = SplitMix64.keyed(seed, 2)
        func count(perMillion: Double, minimum: Int) -> Int { max(minimum, Int((Double(n) / 1_000_000 * perMillion).rounded())) }

        // Estates first: schools and bus stops follow them.
        xingheBay = add(.residentialEstate, "Xinghe Bay", shape.upscaleRiverside, 350, tier: .high)
        for index in 1..<count(perMillion: 830, minimum: 16) {
            let point = index % 9 == 0 ? random.scatter(around: shape.upscaleRiverside, sigma: 1.2 * shape.scale) : shape.populated(&random)
            let remoteness = shape.remoteness(point)
            let weights: [Double] = [0.15 + remoteness, 0.45, 0.3 * (1.2 - remoteness), 0.12 * (1.3 - remoteness)]
            let tier = index % 9 == 0 ? PriceTier.high : PriceTier(rawValue: random.pick(weights: weights.map { max(0.02, $0) }))!
            add(.residentialEstate, Names.estate(indexes(.residentialEstate).count), shape.clamped(point), 150 + 200 * random.unit(), tier: tier)
        }
        let estates = indexes(.residentialEstate)
        func nearEstate(_ random: inout SplitMix64) -> Point {
            let estate = all[estates[random.below(estates.count)]]
            return shape.clamped(random.inDisc(around: estate.point, radius: 0.6))
        }

        tianheNorthTower = add(.officeTower, "Tianhe North Tower 1", shape.businessDistrict, 70)
        for index in 1..<count(perMillion: 100, minimum: 6) {
            let point = index % 10 < 7 ? random.scatter(around: shape.businessDistrict, sigma: 0.7 * shape.scale)
                : random.scatter(around: Point(x: 0, y: 0), sigma: 3 * shape.scale)
            let name = index % 10 < 7 ? "Tianhe North Tower \(index + 1)" : Names.tower(index)
            add(.officeTower, name, shape.clamped(point), 50 + 40 * random.unit())
        }
        for index in 0..<count(perMillion: 9, minimum: 2) {
            let point = index % 2 == 0 ? random.scatter(around: shape.universityTown, sigma: 1.2 * shape.scale) : shape.populated(&random)
            add(.university, Names.university(index), shape.clamped(point), 600 + 300 * random.unit())
        }
        for index in 0..<count(perMillion: 250, minimum: 4) {
            add(.kindergarten, "\(Names.flower(index)) Kindergarten", nearEstate(&random), 60)
        }
        for index in 0..<count(perMillion: 166, minimum: 3) {
            add(.primarySchool, "\(Names.street(index)) Primary School", nearEstate(&random), 120)
        }
        for index in 0..<count(perMillion: 83, minimum: 2) {
            add(.secondarySchool, "\(Names.street(index + 7)) Middle School", nearEstate(&random), 160)
        }
        for index in 0..<count(perMillion: 3, minimum: 1) {
            let point = shape.clamped(random.scatter(around: Point(x: 0.5, y: 0.5), sigma: 2.5 * shape.scale))
            add(.childrensPalace, index == 0 ? "Guangzhou Children's Palace" : "Children's Palace \(index + 1)", point, 120)
        }
        for index in 0..<count(perMillion: 28, minimum: 2) {
            add(.governmentOffice, Names.government(index), shape.clamped(random.scatter(around: Point(x: 0.5, y: 0.5), sigma: 2.5 * shape.scale)), 120)
        }
        for index in 0..<count(perMillion: 14, minimum: 2) {
            let angle = 2 * Double.pi * random.unit()
            let distance = shape.extent * (0.55 + 0.3 * random.unit())
            add(.industrialPark, "\(Names.street(index + 3)) Industrial Park", shape.clamped(Point(x: 0, y: 0).moved(by: distance, angle: angle)), 700 + 300 * random.unit())
        }
        // Factory workers live cheaply near their parks.
        for park in indexes(.industrialPark) {
            for _ in 0..<3 {
                let point = shape.clamped(random.inDisc(around: all[park].point, radius: 2.5))
                add(.residentialEstate, Names.estate(indexes(.residentialEstate).count), point, 200, tier: .low)
            }
        }
        for index in 0..<count(perMillion: 10, minimum: 1) {
            add(.wholesaleMarket, "\(Names.street(index + 11)) Wholesale Market", shape.populated(&random), 200)
        }
        for index in 0..<count(perMillion: 33, minimum: 2) {
            add(.shoppingMall, "\(Names.street(index + 5)) Plaza", shape.populated(&random), 150)
        }
        for index in 0..<count(perMillion: 12, minimum: 1) {
            add(.commercialStreet, "\(Names.street(index + 13)) Pedestrian Street", shape.populated(&random), 300)
        }
        layOutSubway(lines: max(2, min(9, Int((Double(n) / 120_000).rounded()))), shape: shape, random: &random)
        // Bus stops among the estates, and one near every workplace and campus.
        var stopOrdinal = 0
        for _ in 0..<count(perMillion: 1500, minimum: 30) {
            add(.busStop, "\(Names.unique(stopOrdinal)) Bus Stop", nearEstate(&random), 40)
            stopOrdinal += 1
        }
        for workplace in indexes(.officeTower) + indexes(.industrialPark) + indexes(.governmentOffice) + indexes(.university)
            + indexes(.shoppingMall) + indexes(.wholesaleMarket)
        {
            let reach = all[workplace].radius / 1000 + 0.2
            add(.busStop, "\(Names.unique(stopOrdinal)) Bus Stop", shape.clamped(random.inDisc(around: all[workplace].point, radius: reach)), 40)
            stopOrdinal += 1
        }
        for index in 0..<count(perMillion: 14, minimum: 2) {
            add(.generalHospital, Names.hospital(index), shape.populated(&random), 200)
        }
        for index in 0..<count(perMillion: 2, minimum: 1) {
            add(.childrensHospital, index == 0 ? "Guangzhou Women and Children's Medical Center" : "Children's Hospital \(index + 1)", shape.populated(&random), 180)
        }
        for index in 0..<count(perMillion: 3, minimum: 1) {
            add(.maternityHospital, index == 0 ? "Guangzhou Maternal and Child Health Hospital" : "Maternity Hospital \(index + 1)", shape.populated(&random), 150)
        }
        add(.stadium, "Tianhe Sports Center", Point(x: 4.2 * shape.scale, y: 0.8 * shape.scale), 350)
        for index in 1..<count(perMillion: 1.5, minimum: 1) {
            add(.stadium, "Stadium \(index + 1)", shape.populated(&random), 300)
        }
        xinghaiConcertHall = add(.concertHall, "Xinghai Concert Hall", Point(x: 1.8 * shape.scale, y: -0.6 * shape.scale), 120)
        for index in 1..<count(perMillion: 2, minimum: 1) {
            add(.concertHall, "Concert Hall \(index + 1)", shape.populated(&random), 120)
        }
        pazhouExpoCenter = add(.expoCenter, "Pazhou Expo Center", shape.pazhou, 500)
        for index in 0..<count(perMillion: 33, minimum: 2) {
            add(.cinema, "\(Names.street(index + 2)) Cinema", shape.populated(&random), 60)
        }
        for index in 0..<count(perMillion: 66, minimum: 3) {
            add(.bar, "\(Names.bar(index)) Bar", shape.clamped(random.scatter(around: Point(x: 2, y: 0.5), sigma: 3 * shape.scale)), 40)
        }
        for index in 0..<count(perMillion: 40, minimum: 2) {
            add(.internetCafe, "\(Names.street(index + 9)) Internet Cafe", shape.populated(&random), 40)
        }
        assignCells(territory: territory)
    }

    @discardableResult
    private mutating func add(_ type: PlaceType, _ name: String, _ point: Point, _ radius: Double, tier: PriceTier? = nil) -> Int {
        let index = all.count
        let prefix = Self.idPrefix[type] ?? "PL"
        let ordinal = (byType[type]?.count ?? 0) + 1
        all.append(Place(id: "\(prefix)-\(String(format: "%04d", ordinal))", name: name, type: type, point: point, radius: radius.rounded(), tier: tier, cells: []))
        byType[type, default: []].append(index)
        return index
    }

    /// Subway lines cross downtown at different angles, a station every ~1.4 km.
    private mutating func layOutSubway(lines count: Int, shape: CityShape, random: inout SplitMix64) {
        var stationOrdinal = 0
        for line in 0..<count {
            let angle = Double.pi * Double(line) / Double(count) + 0.2
            let through = Point(x: 1.5 * shape.scale + random.normal() * shape.scale, y: random.normal() * shape.scale)
            let reach = shape.extent * 0.75
            let spacing = 1.4 * max(0.6, shape.scale)
            var stations: [Int] = []
            var offset = -reach
            while offset <= reach {
                let point = through.moved(by: offset, angle: angle)
                let name = "\(Names.unique(stationOrdinal)) Station"
                stationOrdinal += 1
                let station = add(.subwayStation, name, shape.clamped(point), 120)
                all[station].line = line
                stations.append(station)
                offset += spacing
            }
            lines.append(stations)
        }
    }

    /// Covering cells: the cells that serve some part of the place (sampled on rings
    /// across its disc), and every cell within its radius plus 150 m.
    private mutating func assignCells(territory: Territory) {
        let index = SpatialIndex(points: territory.cells.map(\.point), bucket: 1)
        for place in all.indices {
            let point = all[place].point
            let radius = all[place].radius / 1000
            var cells = index.within(radius + 0.15, of: point)
            for ring in [0.0, 0.5, 1.0] {
                for step in 0..<(ring == 0 ? 1 : 12) {
                    let sample = point.moved(by: radius * ring, angle: Double(step) * Double.pi / 6)
                    let serving = Int(territory.raster.cell(at: sample))
                    if !cells.contains(serving) { cells.append(serving) }
                }
            }
            all[place].cells = cells.sorted { (territory.cells[$0].point.distance(to: point), $0) < (territory.cells[$1].point.distance(to: point), $1) }
        }
    }

    static let idPrefix: [PlaceType: String] = [
        .university: "UNI", .officeTower: "OFC", .kindergarten: "KG", .primarySchool: "PS", .secondarySchool: "SS",
        .childrensPalace: "CPL", .governmentOffice: "GOV", .residentialEstate: "EST", .industrialPark: "IND",
        .wholesaleMarket: "WHM", .shoppingMall: "MALL", .commercialStreet: "CST", .subwayStation: "SUB",
        .busStop: "BUS", .generalHospital: "HOS", .childrensHospital: "CHH", .maternityHospital: "MAT",
        .stadium: "STA", .concertHall: "CON", .expoCenter: "EXP", .cinema: "CIN", .bar: "BAR", .internetCafe: "NET",
    ]
}

/// Place names in the flavour of Guangzhou's.
enum Names {
    static let streets = Territory.streets
    static func street(_ index: Int) -> String { streets[index % streets.count] }

    /// A name no other place of its kind has: the streets, then the streets with a quarter.
    static func unique(_ index: Int) -> String {
        let quarters = ["", " North", " South", " East", " West", " Bridge", " Square", " Village", " Park", " Gate"]
        let round = index / streets.count
        return streets[index % streets.count] + quarters[round % quarters.count] + (round >= quarters.count ? " \(round / quarters.count + 1)" : "")
    }

    /// Estates are numbered in phases once the 160 name pairs are used, as developers do.
    static func estate(_ index: Int) -> String {
        let first = ["Jinsha", "Lychee", "Pearl", "Riverside", "Cloud", "Jade", "Phoenix", "Orchid", "Lotus", "Kapok", "Bamboo", "Golden", "Evergreen", "Harbour", "Peach", "Silver"]
        let second = ["Garden", "Court", "Bay", "Heights", "Villa", "Residence", "Terrace", "Park", "Mansion", "Village"]
        let pair = index % (first.count * second.count)
        let phase = index / (first.count * second.count)
        return "\(first[pair % first.count]) \(second[pair / first.count])" + (phase > 0 ? " Phase \(phase + 1)" : "")
    }

    static func tower(_ index: Int) -> String {
        ["Zhujiang", "Tianhe", "Huacheng", "Jinan", "Yuexiu", "Dongshan", "Liuhua"][index % 7] + " Tower \(index)"
    }

    static func university(_ index: Int) -> String {
        ["South China University of Technology", "Sun Yat-sen University", "Jinan University", "Guangzhou University",
         "South China Normal University", "Guangdong University of Technology", "Guangzhou Medical University",
         "Guangdong University of Foreign Studies", "South China Agricultural University"][index % 9]
            + (index < 9 ? "" : " Campus \(index / 9 + 1)")
    }

    static func flower(_ index: Int) -> String {
        ["Sunflower", "Little Lotus", "Rainbow", "Kapok", "Happy Bear", "Starlight", "Dandelion", "Little Sprout", "Jasmine", "Bluebird"][index % 10]
            + (index < 10 ? "" : " \(index / 10 + 1)")
    }

    static func government(_ index: Int) -> String {
        ["City Hall", "Tax Bureau", "District Government", "Public Security Bureau", "Education Bureau", "Land Resources Bureau", "Transport Commission"][index % 7]
            + (index < 7 ? "" : " \(index / 7 + 1)")
    }

    static func hospital(_ index: Int) -> String {
        ["First People's Hospital", "Sun Yat-sen Memorial Hospital", "Red Cross Hospital", "Nanfang Hospital", "Provincial People's Hospital", "Chinese Medicine Hospital"][index % 6]
            + (index < 6 ? "" : " Branch \(index / 6 + 1)")
    }

    static func bar(_ index: Int) -> String {
        ["Velvet", "Pearl Night", "Harbour Lights", "Blue Moon", "Jazz Corner", "Red Lantern", "Riverside", "Neon"][index % 8]
            + (index < 8 ? "" : " \(index / 8 + 1)")
    }
}
