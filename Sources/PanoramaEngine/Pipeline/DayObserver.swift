import PanoramaModel

/// Reads one subscriber-day of stays into the subscriber's tallies: which cell led the
/// night and the workday, which rules' visits and which events the stays satisfied, and
/// which stores' areas the subscriber stayed in.
///
/// One observer per worker; its scratch arrays are reused for every subscriber-day.
public struct DayObserver {
    let reference: ReferenceIndex
    let compiled: CompiledCatalog
    public private(set) var stays: [Stay] = []
    private var presence: [(cell: Int32, seconds: Int)] = []

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
        if catalog.work.days.contains(weekday: weekday) { state.workdaysObserved &+= 1 }

        if let cell = leadingCell(catalog.home, weekday: weekday, dayStart: dayStart) {
            state.count(.night, key: UInt32(cell), day: day16)
        }
        if let cell = leadingCell(catalog.work, weekday: weekday, dayStart: dayStart) {
            state.count(.work, key: UInt32(cell), day: day16)
        }
        for stay in stays {
            let cell = Int(stay.cell)
            let local = Int(Int64(stay.start) - dayStart)
            let reachLocal = max(local + 1, Int(Int64(stay.reach) - dayStart))
            let placeRange = Int(reference.cellPlaceStart[cell])..<Int(reference.cellPlaceStart[cell + 1])
            for slot in placeRange {
                let place = Int(reference.cellPlaces[slot])
                visits(at: place, stay: stay, local: local, reachLocal: reachLocal, weekday: weekday, day: day16, state: &state)
                events(at: place, stay: stay, day: day16, state: &state)
            }
            if stay.span >= catalog.settings.presenceMinimumSeconds {
                for slot in Int(reference.cellRadiationStart[cell])..<Int(reference.cellRadiationStart[cell + 1]) {
                    state.count(.store, key: UInt32(reference.cellRadiation[slot]), day: day16)
                }
            }
        }
    }

    private func visits(at place: Int, stay: Stay, local: Int, reachLocal: Int, weekday: Int, day: UInt16, state: inout SubscriberState) {
        let rules = compiled.catalog.rules
        for slot in Int(compiled.placeRuleStart[place])..<Int(compiled.placeRuleStart[place + 1]) {
            let (ruleIndex, path) = compiled.placeRules[slot]
            let rule = rules[Int(ruleIndex)]
            guard rule.days.contains(weekday: weekday), stay.span >= rule.minimumDwellSeconds else { continue }
            if let maximum = rule.maximumDwellSeconds, stay.dwell > maximum { continue }
            if !rule.windows.isEmpty && !rule.windows.contains(where: { $0.overlap(from: local, to: reachLocal) > 0 }) { continue }
            state.count(.tag, key: UInt32(path), day: day, evidence: UInt32(place))
        }
    }

    private func events(at place: Int, stay: Stay, day: UInt16, state: inout SubscriberState) {
        let range = Int(reference.placeEventStart[place])..<Int(reference.placeEventStart[place + 1])
        guard !range.isEmpty else { return }
        for slot in range {
            let eventIndex = Int(reference.placeEvents[slot])
            let event = reference.events[eventIndex]
            let overlap = min(Int64(stay.reach), event.end) - max(Int64(stay.start), event.start)
            guard overlap > 0 else { continue }
            for (position, ruleIndex) in compiled.eventRules.enumerated() {
                let rule = compiled.catalog.rules[Int(ruleIndex)]
                guard overlap >= Int64(rule.minimumDwellSeconds) else { continue }
                if let maximum = rule.maximumDwellSeconds, stay.dwell > maximum { continue }
                let path = compiled.eventPaths[position][Int(event.category)]
                if path >= 0 { state.count(.tag, key: UInt32(path), day: day, evidence: UInt32(eventIndex) | Tally.eventBit) }
            }
        }
    }

    /// The cell with the most time inside the anchor's window today, if it has enough.
    private mutating func leadingCell(_ anchor: AnchorRule, weekday: Int, dayStart: Int64) -> Int32? {
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
        return best.cell
    }
}
