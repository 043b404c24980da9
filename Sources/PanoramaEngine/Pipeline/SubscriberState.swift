import PanoramaModel

/// Days of evidence for one thing: a cell leading the nights or the workdays, a tag, a store's area.
///
/// Tallies are what a build keeps between runs: a new day adds to them, so an incremental
/// build costs the new days only. Days are local days since 1970-01-01.
public struct Tally: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// `key` is a cell that led a night.
        case night = 0
        /// `key` is a cell that led a workday's daytime.
        case work = 1
        /// `key` is a tag path; `evidence` the last place (or event, with the top bit set).
        case tag = 2
        /// `key` is a store whose radiation area the subscriber stayed in.
        case store = 3
        /// `key` is a weekday (0 = Monday) on which the subscriber was observed.
        case weekday = 4
        /// `key` is a tag path seen from the stay in `cell`, so that evidence from the cells a
        /// subscriber sleeps or works in can be set aside.
        case tagAtCell = 5
        /// `key` is the cell the leading night (or workday) cell ping-ponged to: it places
        /// the subscriber within the leading cell's area.
        case nightPartner = 6
        case workPartner = 7
        /// `key` is a cell where the subscriber stayed half an hour or more: the places of a
        /// routine, whose visits are not news.
        case haunt = 8
        /// `key` is the path of a rule with `max_off_day_ratio` whose evidence showed on a
        /// day of the week the rule does not look at.
        case offDayTag = 9
        /// As `offDayTag`, from the stay in `cell`, so that routine cells can be set aside
        /// as they are from the rule's own days.
        case offDayTagAtCell = 10
    }

    public var key: UInt32
    public var kind: Kind
    /// For `tagAtCell` and `offDayTagAtCell`: the stay's cell; otherwise -1.
    public var cell: Int32
    public var days: UInt16
    public var first: UInt16
    public var last: UInt16
    public var evidence: UInt32

    public init(key: UInt32, kind: Kind, cell: Int32 = -1, days: UInt16, first: UInt16, last: UInt16, evidence: UInt32) {
        self.key = key
        self.kind = kind
        self.cell = cell
        self.days = days
        self.first = first
        self.last = last
        self.evidence = evidence
    }

    /// Marks `evidence` for an event rather than a place.
    public static let eventBit: UInt32 = 1 << 31

    /// The sort key of tallies in a state: kind, then key, then cell.
    @inlinable
    static func order(_ kind: Kind, _ key: UInt32, _ cell: Int32) -> UInt64 {
        UInt64(kind.rawValue) << 56 | UInt64(key) << 24 | UInt64(UInt32(bitPattern: cell &+ 1) & 0xFF_FFFF)
    }

    @inlinable
    var order: UInt64 { Self.order(kind, key, cell) }
}

/// Where a tag stands at the end of a build.
public enum TagStatus: UInt8, Sendable, Codable {
    /// Supported and within its validity.
    case active = 0
    /// No evidence for longer than the rule's validity.
    case expired = 1
    /// Given by an earlier build, but the evidence now points elsewhere (a new home, a new job).
    case ended = 2

    public var name: String { ["active", "expired", "ended"][Int(rawValue)] }
}

/// A tag of one subscriber, with its evidence summarised.
public struct TagRecord: Sendable, Equatable {
    /// Index into the build's tag paths.
    public var path: Int32
    public var status: TagStatus
    public var support: UInt16
    public var first: UInt16
    public var last: UInt16
    /// The place (or event, with `Tally.eventBit`) that last supported the tag; `UInt32.max` for none.
    public var evidence: UInt32
    public var confidence: Float

    public init(path: Int32, status: TagStatus, support: UInt16, first: UInt16, last: UInt16, evidence: UInt32, confidence: Float) {
        self.path = path
        self.status = status
        self.support = support
        self.first = first
        self.last = last
        self.evidence = evidence
        self.confidence = confidence
    }
}

/// Home or work, found from the cells that lead nights or workdays.
public struct Anchor: Sendable, Equatable {
    public enum Kind: UInt8, Sendable, Codable {
        case home = 0
        case work = 1
        public var name: String { self == .home ? "home" : "work" }
    }

    public var kind: Kind
    public var cell: Int32
    /// The place of the anchor's types with the most supporting days, or -1.
    public var place: Int32
    public var days: UInt16
    public var first: UInt16
    public var last: UInt16
    /// Share of the subscriber's observed nights (or workdays) that support the anchor.
    public var confidence: Float
    /// How clearly the place is told apart from the other candidates covering the cell: its
    /// share of their summed footprint fit (1 when it is the only one).
    public var placeShare: Float

    public init(
        kind: Kind, cell: Int32, place: Int32, days: UInt16, first: UInt16, last: UInt16, confidence: Float, placeShare: Float = 1
    ) {
        self.placeShare = placeShare
        self.kind = kind
        self.cell = cell
        self.place = place
        self.days = days
        self.first = first
        self.last = last
        self.confidence = confidence
    }
}

/// Everything the panorama knows of one subscriber: the tallies that grow day by day and
/// the anchors and tags assembled from them at the end of the last build.
public struct SubscriberState: Sendable, Equatable {
    public var subscriber: UInt32
    public var observedDays: UInt16 = 0
    public var firstDay: UInt16 = 0
    public var lastDay: UInt16 = 0
    public var records: UInt32 = 0
    public var tallies: [Tally] = []
    public var anchors: [Anchor] = []
    /// Active tags first, then the history of expired and ended ones.
    public var tags: [TagRecord] = []
    /// The typical weekday and weekend day, hour by hour (`TypicalHour.slots` slots, or none
    /// before the first observed day).
    public var typicalDay: [TypicalHour] = []

    public init(subscriber: UInt32) {
        self.subscriber = subscriber
    }

    public var isEmpty: Bool { records == 0 && tags.isEmpty }

    /// Counts one day of evidence for `key`, once per day however often it is seen.
    ///
    /// Tallies are kept in order of `(kind, key, cell)`, so finding one is a binary search:
    /// a subscriber has dozens, and every stay of every day counts several.
    @inlinable
    public mutating func count(_ kind: Tally.Kind, key: UInt32, cell: Int32 = -1, day: UInt16, evidence: UInt32 = .max) {
        let wanted = Tally.order(kind, key, cell)
        var low = 0
        var high = tallies.count
        while low < high {
            let middle = (low + high) / 2
            if tallies[middle].order < wanted { low = middle + 1 } else { high = middle }
        }
        if low < tallies.count && tallies[low].order == wanted {
            if tallies[low].last != day {
                tallies[low].days &+= 1
                tallies[low].last = max(tallies[low].last, day)
                tallies[low].first = min(tallies[low].first, day)
            }
            tallies[low].evidence = evidence
            return
        }
        tallies.insert(Tally(key: key, kind: kind, cell: cell, days: 1, first: day, last: day, evidence: evidence), at: low)
    }

    public func anchor(_ kind: Anchor.Kind) -> Anchor? { anchors.first { $0.kind == kind } }

    /// Puts the tallies back in the order `count` relies on, after their keys were rewritten.
    public mutating func restoreTallyOrder() {
        tallies.sort { $0.order < $1.order }
    }
}
