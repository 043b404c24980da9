import Foundation

/// A WGS-84 position in decimal degrees.
public struct Coordinate: Hashable, Sendable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Whether both parts are finite and within the ranges of the globe.
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && abs(latitude) <= 90 && abs(longitude) <= 180
    }

    /// Great-circle distance in metres (haversine on a sphere of radius 6 371 km).
    ///
    /// Accurate to well under a metre at the scale of a city, which is all that radiation
    /// areas and place radii need.
    public func distance(to other: Coordinate) -> Double {
        let radians = Double.pi / 180
        let halfDeltaLatitude = (other.latitude - latitude) * radians / 2
        let halfDeltaLongitude = (other.longitude - longitude) * radians / 2
        let a =
            sin(halfDeltaLatitude) * sin(halfDeltaLatitude)
            + cos(latitude * radians) * cos(other.latitude * radians) * sin(halfDeltaLongitude)
            * sin(halfDeltaLongitude)
        return 2 * 6_371_000 * asin(min(1, a.squareRoot()))
    }
}
