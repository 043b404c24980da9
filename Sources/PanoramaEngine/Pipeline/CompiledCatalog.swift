import PanoramaModel

/// A catalog joined with the reference: every tag path it can produce, numbered, and the
/// rules that apply at each place, as arrays the pipeline indexes per stay.
public struct CompiledCatalog: Sendable {
    public let catalog: TagCatalog
    /// Every tag path the catalog can produce over this reference, sorted; a tag is its index here.
    public let paths: [String]
    /// The rule producing each path.
    public let pathRule: [Int32]
    /// The dimension of each path, for the per-subscriber counts.
    let pathDimension: [TagDimension]
    /// Visit and ride rules that apply at each place, with the path each produces there:
    /// `placeRules[placeRuleStart[p]..<placeRuleStart[p+1]]` as (rule, path) pairs.
    let placeRuleStart: [Int32]
    let placeRules: [(rule: Int32, path: Int32)]
    /// For event rules: the path of each (event rule, category), -1 when the path would be too short.
    let eventRules: [Int32]
    let eventPaths: [[Int32]]
    /// Per rule and requirement, the paths that satisfy it; and the paths its `excludes`
    /// name. A reference names a path or any path below it.
    let requiredPaths: [[[Int32]]]
    let excludedPaths: [[Int32]]
    /// Place-type masks (bit = `PlaceType` case index) of the home and work anchors.
    let homeTypes: UInt32
    let workTypes: UInt32
    let homeFallbackTypes: UInt32
    let workFallbackTypes: UInt32
    /// Each rule's limits as plain values, so the inner loops copy no arrays or strings.
    let limits: [RuleLimits]
    /// All rules' clock windows, `windows[limits[r].windows]`.
    let windows: [ClockWindow]
    /// Anchor rules: the path given by each place (-1 when the place does not qualify), by
    /// each store (for `{region}`), or the one fixed path; -1 where not applicable.
    let anchorPlacePath: [[Int32]]
    let anchorStorePath: [[Int32]]
    /// The fixed path of each rule without a placeholder, or -1.
    let fixedPath: [Int32]

    static func mask(_ types: [PlaceType]) -> UInt32 {
        types.reduce(0) { $0 | 1 << UInt32(PlaceType.allCases.firstIndex(of: $1)!) }
    }

    static func bit(_ type: PlaceType) -> UInt32 { 1 << UInt32(PlaceType.allCases.firstIndex(of: type)!) }

    public init(_ catalog: TagCatalog, reference: ReferenceIndex) {
        self.catalog = catalog
        let rules = catalog.rules
        func matches(_ rule: TagRule, _ place: ReferenceIndex.PlaceInfo) -> Bool {
            (rule.placeTypes.isEmpty || rule.placeTypes.contains(place.type))
                && rule.attributes.allSatisfy { place.attributes[$0.key] == $0.value }
        }
        func attributePath(_ rule: TagRule, _ place: ReferenceIndex.PlaceInfo) -> String? {
            guard let attribute = rule.path.attribute, let value = place.attributes[attribute], !value.isEmpty,
                !value.contains("/")
            else { return nil }
            return rule.path.literalPrefix + "/" + value
        }
        var producer: [String: Int32] = [:]
        func add(_ path: String, _ rule: Int) {
            if producer[path] == nil { producer[path] = Int32(rule) }
        }
        for (index, rule) in rules.enumerated() {
            switch rule.path.placeholder {
            case nil: add(rule.path.text, index)
            case .region:
                for store in reference.stores { add(rule.path.literalPrefix + "/" + store.path, index) }
            case .eventCategory:
                for category in reference.categories where Self.levels(rule.path.literalPrefix) + Self.levels(category) >= 3 {
                    add(rule.path.literalPrefix + "/" + category, index)
                }
            case .placeAttribute:
                for place in reference.places where matches(rule, place) {
                    if let path = attributePath(rule, place) { add(path, index) }
                }
            }
        }
        let paths = producer.keys.sorted()
        self.paths = paths
        var pathIndex: [String: Int32] = [:]
        for (index, path) in paths.enumerated() { pathIndex[path] = Int32(index) }
        pathRule = paths.map { producer[$0]! }
        pathDimension = pathRule.map { catalog.rules[Int($0)].path.dimension }

        var atPlace = [[(rule: Int32, path: Int32)]](repeating: [], count: reference.places.count)
        for (index, rule) in rules.enumerated() where rule.source == .visit || rule.source == .ride {
            for (placeIndex, place) in reference.places.enumerated() where matches(rule, place) {
                let path = rule.path.placeholder == nil ? rule.path.text : attributePath(rule, place)
                if let path, let id = pathIndex[path] { atPlace[placeIndex].append((Int32(index), id)) }
            }
        }
        var starts = [Int32](repeating: 0, count: atPlace.count + 1)
        var flat: [(rule: Int32, path: Int32)] = []
        for (index, list) in atPlace.enumerated() {
            flat += list
            starts[index + 1] = Int32(flat.count)
        }
        placeRuleStart = starts
        placeRules = flat

        let eventRules = rules.indices.filter { rules[$0].source == .event }
        self.eventRules = eventRules.map(Int32.init)
        eventPaths = eventRules.map { rule in
            reference.categories.map { pathIndex[rules[rule].path.literalPrefix + "/" + $0] ?? -1 }
        }
        func named(_ references: [String]) -> [Int32] {
            paths.indices.filter { index in references.contains { paths[index] == $0 || paths[index].hasPrefix($0 + "/") } }.map(Int32.init)
        }
        requiredPaths = rules.map { rule in rule.requires.map { named([$0]) } }
        excludedPaths = rules.map { named($0.excludes) }
        homeTypes = Self.mask(catalog.home.placeTypes)
        workTypes = Self.mask(catalog.work.placeTypes)
        homeFallbackTypes = Self.mask(catalog.home.fallbackPlaceTypes)
        workFallbackTypes = Self.mask(catalog.work.fallbackPlaceTypes)
        var windows: [ClockWindow] = []
        limits = rules.map { rule in
            let start = windows.count
            windows += rule.windows
            return RuleLimits(rule, windows: start..<windows.count)
        }
        self.windows = windows
        fixedPath = rules.map { $0.path.placeholder == nil ? pathIndex[$0.path.text] ?? -1 : -1 }
        anchorPlacePath = rules.map { rule in
            guard rule.source == .anchor, !rule.placeTypes.isEmpty || !rule.attributes.isEmpty || rule.path.placeholder == .placeAttribute
            else { return [] }
            return reference.places.map { place in
                guard matches(rule, place) else { return -1 }
                // For {region} the place only qualifies; the store gives the path.
                if rule.path.placeholder == .region { return 0 }
                let path = rule.path.placeholder == .placeAttribute ? attributePath(rule, place) : rule.path.text
                return path.flatMap { pathIndex[$0] } ?? -1
            }
        }
        anchorStorePath = rules.map { rule in
            guard rule.source == .anchor, rule.path.placeholder == .region else { return [] }
            return reference.stores.map { pathIndex[rule.path.literalPrefix + "/" + $0.path] ?? -1 }
        }
    }

    static func levels(_ path: String) -> Int { path.split(separator: "/").count }

    public func dimension(ofPath path: Int32) -> TagDimension { pathDimension[Int(path)] }
}

/// A rule's limits as plain values: what the per-stay and per-subscriber loops test.
struct RuleLimits: Sendable {
    let source: TagRule.Source
    let anchor: TagRule.AnchorKind?
    let days: DaysOfWeek
    let windows: Range<Int>
    let minimumDwell: Int
    /// `Int.max` when there is no maximum.
    let maximumDwell: Int
    let minimumRecords: Int
    let minimumSupport: Int
    let minimumShare: Double
    /// `Int.max` when the tag never expires.
    let validityDays: Int
    let outsideAnchors: Bool
    let habit: Bool
    /// `nil` when evidence on the other days of the week does not matter.
    let maximumOffDayRatio: Double?
    let minimumDistance: Double
    let minimumSpeed: Double
    let maximumSpeed: Double
    let requirements: Int
    let minimumPlaceShare: Float
    let longStayEnds: Bool
    let longStayMaximumSpeed: Double
    /// `.infinity` when the stop at the other end need not be a walk from the long stay.
    let walkSpeed: Double

    init(_ rule: TagRule, windows: Range<Int>) {
        source = rule.source
        anchor = rule.anchor
        days = rule.days
        self.windows = windows
        minimumDwell = rule.minimumDwellSeconds
        maximumDwell = rule.maximumDwellSeconds ?? .max
        minimumRecords = rule.minimumRecords
        minimumSupport = rule.minimumSupport
        minimumShare = rule.minimumShare
        validityDays = rule.validityDays ?? .max
        outsideAnchors = rule.outsideAnchors
        habit = rule.habit
        maximumOffDayRatio = rule.maximumOffDayRatio
        minimumDistance = rule.minimumDistanceMeters
        minimumSpeed = rule.minimumSpeed
        maximumSpeed = rule.maximumSpeed
        requirements = rule.requires.count
        minimumPlaceShare = Float(rule.minimumPlaceShare)
        longStayEnds = rule.longStayEnds
        longStayMaximumSpeed = rule.longStayMaximumSpeed ?? rule.maximumSpeed
        walkSpeed = rule.walkSpeed ?? .infinity
    }
}
