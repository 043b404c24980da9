import PanoramaModel

/// The four dimensions every tag belongs to; a tag path starts with one of them.
public enum TagDimension: String, Sendable, CaseIterable, Codable, Comparable {
    case region
    case demographic
    case preference
    case behaviour

    public static func < (lhs: TagDimension, rhs: TagDimension) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A validated tag catalog: how anchors are found and which tags the evidence earns.
///
/// A catalog is data (see `docs/tag-catalog.md`): analysts add or change tags by editing the
/// file and rebuilding. `CatalogParser` turns the file into this value or into line-precise
/// errors; nothing in the engine reads the file itself.
public struct TagCatalog: Sendable, Equatable {
    public var settings: CatalogSettings
    public var home: AnchorRule
    public var work: AnchorRule
    /// Rules in file order; evaluation order is `evaluationOrder`, so that a rule that
    /// requires or excludes other tags comes after them.
    public var rules: [TagRule]
    public var evaluationOrder: [Int]
    /// The catalog's text, kept so that a workspace records exactly what it was built with.
    public var text: String

    /// The rule that produces a concrete tag path, if any: exact paths first, then templates.
    public func rule(producing path: String) -> TagRule? {
        if let exact = rules.first(where: { !$0.path.isTemplate && $0.path.text == path }) { return exact }
        return rules.first { $0.path.isTemplate && (path == $0.path.literalPrefix || path.hasPrefix($0.path.literalPrefix + "/")) }
    }
}

/// Catalog-wide parameters of the pipeline.
public struct CatalogSettings: Sendable, Equatable {
    /// A record in a cell this close to the stay's cell keeps the stay going (ping-pong).
    public var pingPongMeters: Double = 1_000
    /// Radiation radius of a store that has none in the reference data.
    public var storeRadiationMeters: Double = 2_000
    /// A stay must last this long for the subscriber to count as present in a store's area.
    public var presenceMinimumSeconds: Int = 15 * 60
    /// A record stands for the subscriber's position until the next one, but for no longer than this.
    public var recordHoldSeconds: Int = 3_600
    /// A cell the subscriber spends half an hour in on this share of observed days, and at
    /// least `routineMinimumDays`, is routine: visits and events there do not count.
    public var routineShare: Double = 0.4
    public var routineMinimumDays: Int = 2
    /// A stay whose evidence names several places counts for the ones that best explain its
    /// cells only. Off, a stay visits every place its cell covers, as a mall and the cinema
    /// inside it both are.
    public var onePlacePerStay = true
    /// Nights where a workplace is and weekdays where no workplace but a home is are a night
    /// shift: home is read from the days and work from the nights. Off, such a subscriber
    /// lives at the factory and works at home.
    public var nightWork = true
    /// A workplace that is also a home type (a campus with dormitories) and serves the cell
    /// of the nights is the home: a student sleeping beside a small estate lives on campus.
    /// Off, the home is the place that best explains the night cell, whatever the days say.
    public var homeAtWork = true
}

/// How an anchor (home, work or study place) is found.
public struct AnchorRule: Sendable, Equatable {
    public var window: [ClockWindow]
    public var days: DaysOfWeek
    /// Minutes inside the window a day needs for its leading cell to count for the anchor.
    public var minimumSeconds: Int
    /// Days a cell must lead on before it becomes the anchor.
    public var minimumDays: Int
    /// Place types the anchor's place may have.
    public var placeTypes: [PlaceType]
    /// Types the place is taken from when no place of `placeTypes` covers the anchor cell:
    /// a shop assistant works in a mall, but a mall beside an office tower is not the
    /// office worker's workplace.
    public var fallbackPlaceTypes: [PlaceType] = []
    /// For work: days whose leading cell is the home cell do not count.
    public var excludesHome: Bool
}

/// A tag path as written in the catalog, possibly with one placeholder at its end.
public struct TagPathTemplate: Sendable, Equatable, CustomStringConvertible {
    public enum Placeholder: String, Sendable, Equatable {
        /// The region path of the anchor's store: branch/center/area/store.
        case region
        /// The event's category path, such as `music/pop/Jacky Cheung`.
        case eventCategory = "event.category"
        /// A place attribute's value: `place.<attribute>`.
        case placeAttribute = "place"
    }

    public var text: String
    public var dimension: TagDimension
    /// The path before the placeholder, or the whole path.
    public var literalPrefix: String
    public var placeholder: Placeholder?
    /// For `place.<attribute>`: the attribute's name.
    public var attribute: String?

    public var isTemplate: Bool { placeholder != nil }
    public var description: String { text }
}

/// One rule of the catalog: where a tag's evidence comes from and how much is enough.
public struct TagRule: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable, CaseIterable {
        /// The home or work anchor's place (its type, its attributes) or its region.
        case anchor
        /// Visits to places of given types, at given times and days.
        case visit
        /// A ride between two places of given types on one day: boarding and alighting
        /// far enough apart, at a speed in a range.
        case ride
        /// Presence at an event's venue while it is on.
        case event
        /// Other tags: all of `requires`, none of `excludes`.
        case tags
    }

    public enum AnchorKind: String, Sendable, Equatable {
        case home
        case work
    }

    public var path: TagPathTemplate
    public var source: Source
    /// Line of the rule in the catalog file, for messages.
    public var line: Int
    public var description: String
    public var anchor: AnchorKind?
    public var placeTypes: [PlaceType]
    /// Place attributes that must have these values.
    public var attributes: [String: String]
    public var windows: [ClockWindow]
    public var days: DaysOfWeek
    /// A visit must span at least this long (from its first record to the next stay's).
    public var minimumDwellSeconds: Int
    /// A visit whose records alone span longer than this is not a passage: home next to a
    /// station is not a commute.
    public var maximumDwellSeconds: Int?
    /// Days of evidence needed before the tag is given.
    public var minimumSupport: Int
    /// Days after the last evidence after which the tag expires; `nil` never expires.
    public var validityDays: Int?
    public var requires: [String]
    public var excludes: [String]
    /// Rides: the least distance between boarding and alighting places, in metres.
    public var minimumDistanceMeters: Double = 0
    /// Rides: the straight-line speed range from boarding to alighting, km/h.
    public var minimumSpeed: Double = 0
    public var maximumSpeed: Double = .infinity
    /// Visits and rides: the least share of the subscriber's observed days (of the rule's
    /// days of the week) with evidence; what is done on most days is a habit, not a chance.
    public var minimumShare: Double = 0
    /// Visits and events: evidence from the cells where the subscriber regularly sleeps or
    /// works does not count: living next to a hospital is not visiting it.
    public var outsideAnchors = true
    /// Visits: the tag names a habit, so a cell the subscriber frequents still counts and
    /// only the cells they sleep or work in are left out. A night owl's bar is often one of
    /// the places of their routine; that is what makes them a night owl.
    public var habit = false
    /// Visits with `days`: the tag is not given when the same evidence shows on the other
    /// days of the week, on `minimumSupport` of them at least and at this ratio or more of
    /// its share on the rule's days. A school run is never made on a Saturday; a six-day
    /// shift passing the school at 08:00 is.
    public var maximumOffDayRatio: Double?
    /// Visits and events: the least number of records in the stay; a phone seen once in
    /// passing has one.
    public var minimumRecords = 1
    /// How clearly the place must be told apart from the other places covering the cell.
    /// Anchors: the place's share of the footprint fit of the places of the anchor's types,
    /// for tags read from the place. Visits and events: the place's share of the ground
    /// served by the stay's cells, so that a stay beside a hospital is not a visit to it.
    public var minimumPlaceShare: Double = 0
    /// Rides: one end may be a stay longer than `max_dwell`. A station in the cell of home or
    /// work is reached without leaving it, so the ride begins where the home stay ends.
    public var longStayEnds = false
    /// Rides with a long-stay end: the speed limit when the ride is timed from the end of a
    /// long stay or to the start of one. The walk to the stop and the wait at it then count
    /// in the ride's time, unseen inside the cell of home or work, so a bus ride timed so is
    /// slower than one timed from stop to stop, and a car is not.
    public var longStayMaximumSpeed: Double?
    /// Rides with a long-stay end: the stop at the ride's other end must be a walk from the
    /// long stay that follows it (or to the one before it): reaching that stay's cell from
    /// the stop is no faster than this, in km/h. A car passing a stop on its way drives on.
    public var walkSpeed: Double?
}
