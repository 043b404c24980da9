/// Where a subscriber usually is at one hour of a weekday or of a weekend day: the "day in
/// the life" the customer page draws.
///
/// Each observed day casts one vote per hour for the site (mast) the subscriber spent most
/// of that hour at. The slot counts days for two candidate cells (Misra–Gries): a third
/// cell's vote takes a day from both. Counts are exact while an hour is spent at two places
/// or fewer and never overstate; any place held on more than a third of the days keeps its
/// candidacy. The state so grows by a fixed 48 slots per subscriber however long the
/// history. When `seen` reaches `window`, every count is halved: recent weeks weigh more,
/// so a new home or job takes over within about thirty days seen at the hour instead of
/// fighting the whole past.
///
/// Sectors of one site cover the same spot, and a phone at a desk switches between them,
/// so a vote for another cell of a candidate's site counts for the candidate.
public struct TypicalHour: Sendable, Equatable {
    /// The candidates' cells (-1 for none) and their days.
    public var cell: Int32
    public var otherCell: Int32
    public var days: UInt8
    public var otherDays: UInt8
    /// Days with a vote at this hour, halved with the counts.
    public var seen: UInt8

    public init(cell: Int32 = -1, days: UInt8 = 0, otherCell: Int32 = -1, otherDays: UInt8 = 0, seen: UInt8 = 0) {
        self.cell = cell
        self.days = days
        self.otherCell = otherCell
        self.otherDays = otherDays
        self.seen = seen
    }

    /// Counts are halved when this many days were seen at the hour: twelve weeks of a
    /// weekday's hour, thirty weekends of a weekend day's.
    public static let window: UInt8 = 60

    /// Whether the counts could have come from votes: within the window, the candidates'
    /// days within the days seen. A stored hour that is not was damaged.
    public var isConsistent: Bool {
        seen < Self.window && Int(days) + Int(otherDays) <= Int(seen) && (days == 0 || cell >= 0) && (otherDays == 0 || otherCell >= 0)
    }

    /// Hours in a weekday followed by hours in a weekend day.
    public static let slots = 48

    /// The slot of `hour` (0–23) on a weekday (0 = Monday … 6 = Sunday).
    @inlinable
    public static func slot(hour: Int, weekday: Int) -> Int { (weekday >= 5 ? 24 : 0) + hour }

    /// The candidate with the most days, or `nil` before any vote.
    public var leader: (cell: Int32, days: Int)? {
        if otherDays > days { return (otherCell, Int(otherDays)) }
        return days > 0 ? (cell, Int(days)) : nil
    }

    /// Counts a day at `candidate`; `site` tells whether two cells share a site.
    @inlinable
    mutating func vote(for candidate: Int32, site: (Int32) -> Int32) {
        let candidateSite = site(candidate)
        if days > 0 && (cell == candidate || site(cell) == candidateSite) {
            days += 1
        } else if otherDays > 0 && (otherCell == candidate || site(otherCell) == candidateSite) {
            otherDays += 1
        } else if days == 0 {
            cell = candidate
            days = 1
        } else if otherDays == 0 {
            otherCell = candidate
            otherDays = 1
        } else {
            days -= 1
            otherDays -= 1
        }
        seen += 1
        if seen >= Self.window {
            seen /= 2
            days /= 2
            otherDays /= 2
        }
        // A candidate without days is no candidate: the slot reads the same however it got there.
        if days == 0 { cell = -1 }
        if otherDays == 0 { otherCell = -1 }
    }
}

/// Finds, for each hour of one day, the site with the most time at it, and its cell with the most.
struct HourLeaders {
    /// A site must fill half an hour to vote for it: a passage is not where one is, and an
    /// hour spent on the move has no place.
    static let minimumSeconds = 1_800

    /// The sites of the hour being read, with their seconds and their cell with the most
    /// seconds in one stay; an hour has a handful at most.
    private var sitesOfHour: [(site: Int32, seconds: Int, cell: Int32, cellSeconds: Int)] = []

    /// Votes the day's stays (in time order) into `hours`, the 48 typical-day slots.
    ///
    /// A stay reaches no further than the next one's start, so the hours the stays cover
    /// come in order: each hour is decided when the next begins.
    mutating func vote(_ stays: [Stay], dayStart: Int64, weekday: Int, sites: [Int32], into hours: inout [TypicalHour]) {
        if hours.isEmpty { hours = [TypicalHour](repeating: TypicalHour(), count: TypicalHour.slots) }
        var current = -1
        sitesOfHour.removeAll(keepingCapacity: true)
        for stay in stays {
            let from = max(0, Int(Int64(stay.start) - dayStart))
            let to = min(86_400, Int(Int64(stay.reach) - dayStart))
            guard to > from else { continue }
            let site = sites[Int(stay.cell)]
            for hour in (from / 3_600)...((to - 1) / 3_600) {
                if hour != current {
                    decide(current, weekday: weekday, sites: sites, into: &hours)
                    current = hour
                }
                let inside = min(to, (hour + 1) * 3_600) - max(from, hour * 3_600)
                if let known = sitesOfHour.firstIndex(where: { $0.site == site }) {
                    sitesOfHour[known].seconds += inside
                    if inside > sitesOfHour[known].cellSeconds { (sitesOfHour[known].cell, sitesOfHour[known].cellSeconds) = (stay.cell, inside) }
                } else {
                    sitesOfHour.append((site, inside, stay.cell, inside))
                }
            }
        }
        decide(current, weekday: weekday, sites: sites, into: &hours)
    }

    /// Votes for the site of `hour` with the most seconds (the first of equals), if it filled half the hour.
    private mutating func decide(_ hour: Int, weekday: Int, sites: [Int32], into hours: inout [TypicalHour]) {
        defer { sitesOfHour.removeAll(keepingCapacity: true) }
        guard hour >= 0 else { return }
        var best = -1
        for index in sitesOfHour.indices where best < 0 || sitesOfHour[index].seconds > sitesOfHour[best].seconds { best = index }
        guard best >= 0, sitesOfHour[best].seconds >= Self.minimumSeconds else { return }
        hours[TypicalHour.slot(hour: hour, weekday: weekday)].vote(for: sitesOfHour[best].cell) { sites[Int($0)] }
    }
}
