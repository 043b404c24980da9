/// A node of the territory above the cells: a branch, marketing center, area or store.
public struct Region: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var level: RegionLevel
    /// The enclosing region; `nil` only for a branch.
    public var parent: String?
    /// Where a store stands; its radiation area is measured from here.
    public var coordinate: Coordinate?
    /// Radius of a store's radiation area (辐射区) in metres; `nil` means the workspace default.
    public var radiationRadiusMeters: Double?

    public init(
        id: String, name: String, level: RegionLevel, parent: String?, coordinate: Coordinate? = nil,
        radiationRadiusMeters: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.level = level
        self.parent = parent
        self.coordinate = coordinate
        self.radiationRadiusMeters = radiationRadiusMeters
    }
}
