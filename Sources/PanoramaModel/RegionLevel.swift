/// One of the five levels of an operator's territory, from coarse to fine.
///
/// Every figure in Panorama rolls up this hierarchy: a cell belongs to exactly one
/// store, a store to one area, an area to one marketing center, a center to one branch.
public enum RegionLevel: String, Sendable, CaseIterable, Comparable, Codable {
    case branch
    case center
    case area
    case store
    case cell

    /// The level directly above this one, or `nil` for a branch.
    public var parent: RegionLevel? {
        switch self {
        case .branch: nil
        case .center: .branch
        case .area: .center
        case .store: .area
        case .cell: .store
        }
    }

    /// Depth in the hierarchy: 0 for a branch, 4 for a cell.
    public var depth: Int {
        switch self {
        case .branch: 0
        case .center: 1
        case .area: 2
        case .store: 3
        case .cell: 4
        }
    }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.depth < rhs.depth }
}
