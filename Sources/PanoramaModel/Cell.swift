/// A radio cell (基站小区), the finest level of the territory and of location records.
public struct Cell: Hashable, Sendable, Codable {
    public var id: String
    /// The radio site whose sectors include this cell.
    public var site: String
    public var coordinate: Coordinate
    /// The store this cell belongs to; every cell belongs to exactly one.
    public var store: String

    public init(id: String, site: String, coordinate: Coordinate, store: String) {
        self.id = id
        self.site = site
        self.coordinate = coordinate
        self.store = store
    }
}
