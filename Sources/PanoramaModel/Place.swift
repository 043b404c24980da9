/// A place people go to (场所): a university, an office tower, a concert hall…
///
/// Places turn stays into meaning: the tag catalog matches visits to places by type
/// and attributes, so these are carried exactly as the data gave them.
public struct Place: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var type: PlaceType
    public var coordinate: Coordinate
    /// Radius in metres within which a stay counts as a visit.
    public var radiusMeters: Double
    /// Identifiers of the cells that cover the place, when the operator knows them.
    public var coveringCells: [String]
    /// Free-form attributes such as `price_tier=high` for a residential estate.
    public var attributes: [String: String]

    public init(
        id: String, name: String, type: PlaceType, coordinate: Coordinate, radiusMeters: Double,
        coveringCells: [String], attributes: [String: String]
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.coordinate = coordinate
        self.radiusMeters = radiusMeters
        self.coveringCells = coveringCells
        self.attributes = attributes
    }
}
