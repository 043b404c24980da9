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

extension Region {
    /// Each region's territory path: the ids from its branch down to it, joined by `/`, as
    /// the panorama writes regions. At most eight levels are followed, so a cycle in the
    /// parents cannot loop.
    public static func paths(of regions: [Region]) -> [String: String] {
        let byID = Dictionary(regions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var paths: [String: String] = [:]
        for region in regions {
            var ids = [region.id]
            var current = region
            while let parent = current.parent, let next = byID[parent], ids.count < 8 {
                ids.append(next.id)
                current = next
            }
            paths[region.id] = ids.reversed().joined(separator: "/")
        }
        return paths
    }
}
