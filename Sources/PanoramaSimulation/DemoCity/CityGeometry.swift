import Foundation
import PanoramaModel

/// A point on the city's flat local plane, in kilometres east and north of downtown.
///
/// The generator thinks in kilometres because speeds, radii and densities are stated in
/// them; only the files see latitude and longitude.
struct Point: Sendable, Hashable {
    var x: Double
    var y: Double

    func distance(to other: Point) -> Double {
        let dx = x - other.x
        let dy = y - other.y
        return (dx * dx + dy * dy).squareRoot()
    }

    func moved(by distance: Double, angle: Double) -> Point {
        Point(x: x + distance * cos(angle), y: y + distance * sin(angle))
    }

    static func + (lhs: Point, rhs: Point) -> Point { Point(x: lhs.x + rhs.x, y: lhs.y + rhs.y) }
    static func * (lhs: Point, rhs: Double) -> Point { Point(x: lhs.x * rhs, y: lhs.y * rhs) }

    func interpolated(to other: Point, fraction: Double) -> Point {
        Point(x: x + (other.x - x) * fraction, y: y + (other.y - y) * fraction)
    }
}

/// Maps the local plane onto the globe around downtown Guangzhou.
enum LocalPlane {
    static let origin = Coordinate(latitude: 23.1291, longitude: 113.2644)
    private static let kilometresPerDegreeLatitude = 111.32
    private static let kilometresPerDegreeLongitude = 111.32 * cos(origin.latitude * Double.pi / 180)

    static func coordinate(of point: Point) -> Coordinate {
        Coordinate(
            latitude: origin.latitude + point.y / kilometresPerDegreeLatitude,
            longitude: origin.longitude + point.x / kilometresPerDegreeLongitude)
    }

    /// Six decimals (about 0.1 m) keep files compact and deterministic.
    static func text(_ value: Double) -> String { String(format: "%.6f", value) }
}

extension SplitMix64 {
    /// A standard normal deviate (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-12)
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// An exponential waiting time with the given mean.
    mutating func exponential(mean: Double) -> Double { -log(max(unit(), 1e-12)) * mean }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A point around `center`, normally scattered with `sigma` kilometres in each axis.
    mutating func scatter(around center: Point, sigma: Double) -> Point {
        Point(x: center.x + normal() * sigma, y: center.y + normal() * sigma)
    }

    /// A uniform point in the disc of `radius` kilometres around `center`.
    mutating func inDisc(around center: Point, radius: Double) -> Point {
        center.moved(by: radius * unit().squareRoot(), angle: 2 * Double.pi * unit())
    }

    /// An index drawn with the given (not necessarily normalised) weights.
    mutating func pick(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    /// A random generator for one key, independent of every other key and of the order
    /// in which keys are visited — what makes parallel generation deterministic.
    static func keyed(_ seed: UInt64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (a &* 0x9E37_79B9_7F4A_7C15))
        var second = SplitMix64(seed: mixer.next() ^ (b &* 0xC2B2_AE3D_27D4_EB4F))
        return SplitMix64(seed: second.next() ^ (c &* 0x1656_67B1_9E37_79F9))
    }

    /// A uniform double in `0..<1` for one key, without keeping a generator.
    static func hashUnit(_ seed: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> Double {
        var generator = keyed(seed, a, b, c)
        return generator.unit()
    }
}

/// The city's shape: where people and cells concentrate, scaled to the population.
///
/// A 1M-subscriber city spans about 60 km like Guangzhou; smaller cities shrink so that
/// cells stay about as dense, which keeps the engine's task (telling nearby places
/// apart) the same at every size.
struct CityShape: Sendable {
    /// Linear scale: 1 at 1M subscribers, at least 0.2.
    let scale: Double
    /// Half the side of the square the city fits in, in kilometres.
    var extent: Double { 32 * scale }

    init(subscribers: Int) {
        scale = min(1.2, max(0.2, (Double(subscribers) / 1_000_000).squareRoot()))
    }

    /// Named districts at Guangzhou's relative positions; branches take their names.
    static let districts: [(name: String, x: Double, y: Double)] = [
        ("Yuexiu", 0, 0), ("Tianhe", 5, 1), ("Haizhu", 1.5, -3.5), ("Liwan", -4, -0.5), ("Baiyun", -1, 8),
        ("Panyu", 2, -13), ("Huangpu", 13, 1), ("Huadu", -6, 22), ("Nansha", 7, -26), ("Zengcheng", 24, 6),
        ("Conghua", 12, 26),
    ]

    /// Sub-centres that pull population out of downtown.
    var suburbs: [Point] { [(2, -13), (-1, 8), (13, 1), (-6, 20), (20, 6)].map { Point(x: $0.0 * scale, y: $0.1 * scale) } }
    /// Tianhe North, the business district where most office towers stand.
    var businessDistrict: Point { Point(x: 4 * scale, y: 2.2 * scale) }
    /// The university town on an island in the south-east.
    var universityTown: Point { Point(x: 10 * scale, y: -7 * scale) }
    /// Xinghe Bay, the upscale riverside estates of the storyline.
    var upscaleRiverside: Point { Point(x: 3 * scale, y: -10 * scale) }
    /// Pazhou, where the expo center stands.
    var pazhou: Point { Point(x: 6.5 * scale, y: -1.5 * scale) }

    /// Where people live and shops stand: dense downtown, thinner suburbs, a sparse rest.
    func populated(_ random: inout SplitMix64) -> Point {
        let roll = random.unit()
        let point: Point
        if roll < 0.45 {
            point = random.scatter(around: Point(x: 1.5 * scale, y: 0), sigma: 4.5 * scale)
        } else if roll < 0.85 {
            point = random.scatter(around: suburbs[random.below(suburbs.count)], sigma: 3 * scale)
        } else {
            point = Point(x: (random.unit() * 2 - 1) * extent, y: (random.unit() * 2 - 1) * extent)
        }
        return clamped(point)
    }

    func clamped(_ point: Point) -> Point {
        let limit = extent - 0.2
        return Point(x: min(limit, max(-limit, point.x)), y: min(limit, max(-limit, point.y)))
    }

    /// Distance of a point from downtown relative to the city's size (0 downtown, ~1 at the edge).
    func remoteness(_ point: Point) -> Double { point.distance(to: Point(x: 1.5 * scale, y: 0)) / extent }
}
