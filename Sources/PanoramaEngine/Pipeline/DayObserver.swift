import PanoramaModel

/// Reads one subscriber-day of stays into the subscriber's tallies: which cell led the
/// night and the workday, which rules' visits and which events the stays satisfied, and
/// which stores' areas the subscriber stayed in.
///
/// One observer per worker; its scratch arrays are reused for every subscriber-day.
public struct DayObserver {
    let reference: ReferenceIndex
    let compiled: CompiledCatalog
    private var stays: [Stay] = []
    private var presence: [(cell: Int32, seconds: Int)] = []
    private var hourLeaders = HourLeaders()
    /// Today's stays at places of ride rules: candidates for boarding and alighting.
    private var stops: [(rule: Int32, path: Int32, place: Int32, stay: Int32)] = []
    /// The current stay's evidence for visit and event rules, before it is counted;
    /// `offDay` when it is on a day of the week its rule does not look at.
    private var found: [(path: UInt32, evidence: UInt32, place: Int32, offDay: Bool)] = []
    /// The footprint fit of each of `found`'s places: with the stay's partner, by its cell.
    private var fits: [(pair: Float, cell: Float)] = []
    /// Today's evidence for visit and event rules, by stay, counted once the rides are known.
    private var visited: [(path: UInt32, evidence: UInt32, cell: Int32, stay: Int32, offDay: Bool)] = []
    /// The stays where today's counted rides begin or end.
    private var rideEnds: [Int32] = []

    public init(reference: ReferenceIndex, compiled: CompiledCatalog) {
        self.reference = reference
        self.compiled = compiled
        stays.reserveCapacity(256)
    }

    /// Adds one local day of the subscriber's records (time-ordered, all on `day`).
    public mutating func observe(_ records: UnsafeBufferPointer<LocationRecord>, day: Int, into state: inout SubscriberState) {
        guard !records.isEmpty else { return }
        let catalog = compiled.catalog
        let dayStart = Int64(day) * 86_400 - Int64(reference.offset.seconds)
        let dayEnd = UInt32(clamping: dayStart + 86_400)
        stays.removeAll(keepingCapacity: true)
        StayDetector.detect(
            records, dayEnd: dayEnd, holdSeconds: UInt32(catalog.settings.recordHoldSeconds),
            pingPongMeters: catalog.settings.pingPongMeters, reference: reference, into: &stays)
        let weekday = ReferenceIndex.weekday(ofDay: day)
        let day16 = UInt16(clamping: day)
        state.records &+= UInt32(records.count)
        if state.observedDays == 0 || day16 < state.firstDay { state.firstDay = day16 }
        state.lastDay = max(state.lastDay, day16)
        state.observedDays &+= 1
        state.count(.weekday, key: UInt32(weekday), day: day16)

        if let (cell, partner) = leadingCell(catalog.home, weekday: weekday, dayStart: dayStart) {
            state.count(.night, key: UInt32(cell), day: day16)
            if partner >= 0 { state.count(.nightPartner, key: UInt32(partner), day: day16) }
        }
        if let (cell, partner) = leadingCell(catalog.work, weekday: weekday, dayStart: dayStart) {
            state.count(.work, key: UInt32(cell), day: day16)
            if partner >= 0 { state.count(.workPartner, key: UInt32(partner), day: day16) }
        }
        hourLeaders.vote(stays, dayStart: dayStart, weekday: weekday, sites: reference.cellSite, into: &state.typicalDay)
        stops.removeAll(keepingCapacity: true)
        visited.removeAll(keepingCapacity: true)
        rideEnds.removeAll(keepingCapacity: true)
        for (position, stay) in stays.enumerated() {
            let cell = Int(stay.cell)
            let local = Int(Int64(stay.start) - dayStart)
            let reachLocal = max(local + 1, Int(Int64(stay.reach) - dayStart))
            let placeRange = Int(reference.cellPlaceStart[cell])..<Int(reference.cellPlaceStart[cell + 1])
            found.removeAll(keepingCapacity: true)
            for slot in placeRange {
                let place = Int(reference.cellPlaces[slot])
                visits(at: place, stay: stay, position: position, local: local, reachLocal: reachLocal, weekday: weekday, day: day16, state: &state)
                events(at: place, stay: stay, day: day16, state: &state)
            }
            if catalog.settings.onePlacePerStay { keepBestPlace(of: stay) }
            for item in found { visited.append((item.path, item.evidence, stay.cell, Int32(position), item.offDay)) }
            if stay.span >= Self.hauntSeconds { state.count(.haunt, key: UInt32(stay.cell), day: day16) }
            if stay.span >= catalog.settings.presenceMinimumSeconds {
                for slot in Int(reference.cellRadiationStart[cell])..<Int(reference.cellRadiationStart[cell + 1]) {
                    state.count(.store, key: UInt32(reference.cellRadiation[slot]), day: day16)
                }
            }
        }
        if stops.count > 1 { rides(day: day16, dayStart: dayStart, state: &state) }
        for item in visited where !(catalog.settings.onePlacePerStay && rideEnds.contains(item.stay)) {
            if item.offDay {
                state.count(.offDayTag, key: item.path, day: day16)
                state.count(.offDayTagAtCell, key: item.path, cell: item.cell, day: day16)
                continue
            }
            state.count(.tag, key: item.path, day: day16, evidence: item.evidence)
            state.count(.tagAtCell, key: item.path, cell: item.cell, day: day16)
        }
    }

    /// A phone is in one place at a time: when the stay's evidence names several places
    /// (the cinema beside the stadium during a match, a children's hospital beside a general
    /// one), only the places whose footprint best explains the stay's cells keep it: the
    /// largest share of the footprint on the cell with its ping-pong partner, then on the
    /// cell alone. This is a likelihood, not a share of the ground: a small cinema lying
    /// wholly in the cell beats a stadium spread over seventeen, which is what tells the
    /// cinema-goers beside a match from its crowd.
    ///
    /// Evidence on a rule's off days is only a check on that rule: it must beat every place
    /// to count, and it takes the stay from none.
    private mutating func keepBestPlace(of stay: Stay) {
        guard let first = found.first?.place, found.contains(where: { $0.place != first }) else { return }
        if fits.count < found.count { fits += repeatElement((pair: 0, cell: 0), count: found.count - fits.count) }
        var best: (pair: Float, cell: Float) = (-1, -1)
        var bestOnDay = best
        for index in found.indices {
            let fit = reference.footprintFit(of: Int(found[index].place), cell: stay.cell, partner: stay.partner)
            fits[index] = fit
            if fit > best { best = fit }
            if fit > bestOnDay && !found[index].offDay { bestOnDay = fit }
        }
        var kept = 0
        for index in found.indices where fits[index] == (found[index].offDay ? best : bestOnDay) {
            found[kept] = found[index]
            kept += 1
        }
        found.removeLast(found.count - kept)
    }

    /// A stay this long in a cell makes it one of the day's places.
    static let hauntSeconds = 1_800

    /// Counts a ride rule's day when two of today's stops at its places are far enough apart
    /// and reached one after the other at a speed in the rule's range, with no long stay
    /// between, and the ride from the first to the second meets the rule's window.
    ///
    /// With `long_stay_ends`, one end may be a long stay: a station in the cell of home or
    /// work is reached without leaving that cell, so the ride starts where the home stay ends.
    /// Only that stay's near end then says when the ride was: a home stay that began the
    /// evening before is not a rush hour. Such a ride is timed with the walk to the stop
    /// and the wait at it, so it has its own speed limit, and its short end must be a walk
    /// from the long stay on the other side: a car passing a stop drives on.
    ///
    /// Every ride of the day notes its short ends in `rideEnds`, not only the one counted:
    /// the evening's stop is no more a visit than the morning's.
    private mutating func rides(day: UInt16, dayStart: Int64, state: inout SubscriberState) {
        var counted: [Int32] = []
        for first in stops.indices {
            let boarding = stops[first]
            let rule = compiled.limits[Int(boarding.rule)]
            for second in (first + 1)..<stops.count where stops[second].rule == boarding.rule && stops[second].stay > boarding.stay {
                let alighting = stops[second]
                let boardingStay = stays[Int(boarding.stay)]
                let alightingStay = stays[Int(alighting.stay)]
                let boardsLong = boardingStay.dwell > rule.maximumDwell
                let alightsLong = alightingStay.dwell > rule.maximumDwell
                if boardsLong && alightsLong { continue }
                let from = Int(Int64(boardsLong ? boardingStay.end : boardingStay.start) - dayStart)
                let to = Int(Int64(alightsLong ? alightingStay.start : alightingStay.reach) - dayStart)
                guard rule.windows.isEmpty || compiled.windows[rule.windows].contains(where: { $0.overlap(from: from, to: max(from + 1, to)) > 0 })
                else { continue }
                let dx = reference.placeX[Int(boarding.place)] - reference.placeX[Int(alighting.place)]
                let dy = reference.placeY[Int(boarding.place)] - reference.placeY[Int(alighting.place)]
                let metres = (dx * dx + dy * dy).squareRoot()
                guard metres >= rule.minimumDistance else { continue }
                let seconds = max(1, Int(alightingStay.start) - Int(boardingStay.end))
                let speed = metres / Double(seconds) * 3.6
                let limit = boardsLong || alightsLong ? rule.longStayMaximumSpeed : rule.maximumSpeed
                guard speed >= rule.minimumSpeed, speed <= limit else { continue }
                let between = stays[Int(boarding.stay + 1)..<Int(alighting.stay)]
                if between.contains(where: { $0.dwell > rule.maximumDwell }) { continue }
                if boardsLong && !isWalk(from: alighting.place, stay: Int(alighting.stay), onward: true, rule: rule) { continue }
                if alightsLong && !isWalk(from: boarding.place, stay: Int(boarding.stay), onward: false, rule: rule) { continue }
                if !counted.contains(boarding.rule) {
                    state.count(.tag, key: UInt32(boarding.path), day: day, evidence: UInt32(boarding.place))
                    counted.append(boarding.rule)
                }
                if !boardsLong { rideEnds.append(boarding.stay) }
                if !alightsLong { rideEnds.append(alighting.stay) }
                break
            }
        }
    }

    /// Whether the stop at `position` is a walk from the next long stay (`onward`) or from
    /// the last one before it: the phone takes no less time to reach that stay's cell than
    /// the rule's walking pace allows. With no such stay that day, nothing contradicts it.
    private func isWalk(from place: Int32, stay position: Int, onward: Bool, rule: RuleLimits) -> Bool {
        guard rule.walkSpeed.isFinite else { return true }
        let other: Int?
        if onward {
            other = stays[(position + 1)...].firstIndex { $0.dwell > rule.maximumDwell }
        } else {
            other = stays[..<position].lastIndex { $0.dwell > rule.maximumDwell }
        }
        guard let other else { return true }
        let dx = reference.placeX[Int(place)] - reference.cellX[Int(stays[other].cell)]
        let dy = reference.placeY[Int(place)] - reference.cellY[Int(stays[other].cell)]
        let seconds = onward ? Int(stays[other].start) - Int(stays[position].start) : Int(stays[position].start) - Int(stays[other].end)
        return (dx * dx + dy * dy).squareRoot() / Double(max(1, seconds)) * 3.6 <= rule.walkSpeed
    }

    private mutating func visits(
        at place: Int, stay: Stay, position: Int, local: Int, reachLocal: Int, weekday: Int, day: UInt16, state: inout SubscriberState
    ) {
        for slot in Int(compiled.placeRuleStart[place])..<Int(compiled.placeRuleStart[place + 1]) {
            let (ruleIndex, path) = compiled.placeRules[slot]
            let rule = compiled.limits[Int(ruleIndex)]
            let onDay = rule.days.contains(weekday: weekday)
            guard onDay || rule.maximumOffDayRatio != nil, stay.span >= rule.minimumDwell, Int(stay.records) >= rule.minimumRecords
            else { continue }
            if rule.source == .ride {
                if onDay && (stay.dwell <= rule.maximumDwell || rule.longStayEnds) { stops.append((ruleIndex, path, Int32(place), Int32(position))) }
                continue
            }
            guard stay.dwell <= rule.maximumDwell else { continue }
            let inWindow = rule.windows.isEmpty
                || compiled.windows[rule.windows].contains(where: { $0.overlap(from: local, to: reachLocal) > 0 })
            if inWindow && isAt(place, stay: stay, rule: rule) {
                found.append((UInt32(path), UInt32(place), Int32(place), !onDay))
            }
        }
    }

    /// Whether the stay is at the place well enough for the rule: its cells must put it
    /// there with at least the rule's `min_place_share` of the ground they serve.
    private func isAt(_ place: Int, stay: Stay, rule: RuleLimits) -> Bool {
        rule.minimumPlaceShare == 0 || reference.groundShare(of: place, cell: stay.cell, partner: stay.partner) >= rule.minimumPlaceShare
    }

    private mutating func events(at place: Int, stay: Stay, day: UInt16, state: inout SubscriberState) {
        let range = Int(reference.placeEventStart[place])..<Int(reference.placeEventStart[place + 1])
        guard !range.isEmpty else { return }
        for slot in range {
            let eventIndex = Int(reference.placeEvents[slot])
            let event = reference.events[eventIndex]
            let overlap = min(Int64(stay.reach), event.end) - max(Int64(stay.start), event.start)
            guard overlap > 0 else { continue }
            for (position, ruleIndex) in compiled.eventRules.enumerated() {
                let rule = compiled.limits[Int(ruleIndex)]
                guard overlap >= Int64(rule.minimumDwell), Int(stay.records) >= rule.minimumRecords, stay.dwell <= rule.maximumDwell
                else { continue }
                let path = compiled.eventPaths[position][Int(event.category)]
                guard path >= 0, isAt(place, stay: stay, rule: rule) else { continue }
                found.append((UInt32(path), UInt32(eventIndex) | Tally.eventBit, Int32(place), false))
            }
        }
    }

    /// The cell with the most time inside the anchor's window today, if it has enough, and
    /// the cell its longest stay ping-ponged to (-1 for none).
    private mutating func leadingCell(_ anchor: AnchorRule, weekday: Int, dayStart: Int64) -> (Int32, Int32)? {
        guard anchor.days.contains(weekday: weekday) else { return nil }
        presence.removeAll(keepingCapacity: true)
        for stay in stays {
            let from = Int(Int64(stay.start) - dayStart)
            let to = Int(Int64(stay.reach) - dayStart)
            var seconds = 0
            for window in anchor.window { seconds += window.overlap(from: from, to: to) }
            guard seconds > 0 else { continue }
            if let slot = presence.firstIndex(where: { $0.cell == stay.cell }) {
                presence[slot].seconds += seconds
            } else {
                presence.append((stay.cell, seconds))
            }
        }
        guard let best = presence.max(by: { ($0.seconds, -$0.cell) < ($1.seconds, -$1.cell) }), best.seconds >= anchor.minimumSeconds
        else { return nil }
        var partner: Int32 = -1
        var longest = -1
        for stay in stays where stay.cell == best.cell && stay.partner >= 0 && stay.dwell > longest {
            longest = stay.dwell
            partner = stay.partner
        }
        return (best.cell, partner)
    }
}
