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
    }

    public var key: UInt32
    public var kind: Kind
    /// For `tagAtCell`: the stay's cell; otherwise -1.
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

    public init(kind: Kind, cell: Int32, place: Int32, days: UInt16, first: UInt16, last: UInt16, confidence: Float) {
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
    public var workdaysObserved: UInt16 = 0
    public var firstDay: UInt16 = 0
    public var lastDay: UInt16 = 0
    public var records: UInt32 = 0
    public var tallies: [Tally] = []
    public var anchors: [Anchor] = []
    /// Active tags first, then the history of expired and ended ones.
    public var tags: [TagRecord] = []

    public init(subscriber: UInt32) {
        self.subscriber = subscriber
    }

    public var isEmpty: Bool { records == 0 && tags.isEmpty }

    /// Counts one day of evidence for `key`, once per day however often it is seen.
    @inlinable
    public mutating func count(_ kind: Tally.Kind, key: UInt32, cell: Int32 = -1, day: UInt16, evidence: UInt32 = .max) {
        for index in tallies.indices where tallies[index].key == key && tallies[index].kind == kind && tallies[index].cell == cell {
            if tallies[index].last != day {
                tallies[index].days &+= 1
                tallies[index].last = max(tallies[index].last, day)
                tallies[index].first = min(tallies[index].first, day)
            }
            tallies[index].evidence = evidence
            return
        }
        tallies.append(Tally(key: key, kind: kind, cell: cell, days: 1, first: day, last: day, evidence: evidence))
    }

    public func anchor(_ kind: Anchor.Kind) -> Anchor? { anchors.first { $0.kind == kind } }
}
