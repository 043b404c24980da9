import Foundation
import PanoramaModel

/// Turns a subscriber's tallies into anchors and tags as of a day, keeping the history of
/// tags that expired or ended.
public struct PanoramaAssembler: Sendable {
    let reference: ReferenceIndex
    let compiled: CompiledCatalog
    /// Lists reused from one subscriber to the next, so that assembling allocates nothing
    /// once they have grown.
    private var scratch = Scratch()

    private struct Scratch: Sendable {
        var anchorCells: [Int32] = []
        var haunts: [(cell: Int32, days: Int)] = []
        var tagTotals: [Int] = []
        var tagCells: [(path: UInt32, cell: Int32, days: Int)] = []
        var offDayTotals: [(path: UInt32, days: Int)] = []
        var offDayCells: [(path: UInt32, cell: Int32, days: Int)] = []
        var produced: [TagRecord] = []
        var supporting: [TagRecord] = []
        var homeCells: [UInt32] = []
        var weekdays = [Int](repeating: 0, count: 7)
    }

    public init(reference: ReferenceIndex, compiled: CompiledCatalog) {
        self.reference = reference
        self.compiled = compiled
    }

    /// Replaces `state.anchors` and `state.tags`; `asOf` is the last day of data in the build.
    public mutating func assemble(_ state: inout SubscriberState, asOf: Int) {
        var lists = Scratch()
        swap(&lists, &scratch)
        defer { swap(&lists, &scratch) }
        let catalog = compiled.catalog
        /// Home from the tallies of `homeSource`, then work from those of `workSource`.
        func anchors(home homeSource: Tally.Kind, work workSource: Tally.Kind) -> (home: Anchor?, work: Anchor?) {
            func find(homePreferring preferred: Int32) -> (home: Anchor?, work: Anchor?) {
                let home = anchor(
                    .home, catalog.home, state: state, types: compiled.homeTypes, fallbackTypes: compiled.homeFallbackTypes, excluding: nil,
                    preferring: preferred, from: homeSource, homeCells: &lists.homeCells)
                let work = anchor(
                    .work, catalog.work, state: state, types: compiled.workTypes, fallbackTypes: compiled.workFallbackTypes,
                    excluding: catalog.work.excludesHome ? home : nil, preferring: -1, from: workSource, homeCells: &lists.homeCells)
                return (home, work)
            }
            let found = find(homePreferring: -1)
            if catalog.settings.homeAtWork, let home = found.home, let work = found.work, livesAtWork(home: home, work: work) {
                return find(homePreferring: work.place)
            }
            return found
        }
        var (home, work) = anchors(home: .night, work: .work)
        if catalog.settings.nightWork, let night = home, let day = work, worksNights(night: night, day: day) {
            (home, work) = anchors(home: .work, work: .night)
        }
        state.anchors.removeAll(keepingCapacity: true)
        if let home { state.anchors.append(home) }
        if let work { state.anchors.append(work) }
        // One pass sorts the tallies the rules need into small lists.
        lists.anchorCells.removeAll(keepingCapacity: true)
        lists.haunts.removeAll(keepingCapacity: true)
        lists.tagTotals.removeAll(keepingCapacity: true)
        lists.tagCells.removeAll(keepingCapacity: true)
        lists.offDayTotals.removeAll(keepingCapacity: true)
        lists.offDayCells.removeAll(keepingCapacity: true)
        for weekday in 0..<7 { lists.weekdays[weekday] = 0 }
        for (index, tally) in state.tallies.enumerated() {
            switch tally.kind {
            case .night, .work, .nightPartner, .workPartner:
                // Cells the subscriber slept or worked in on two days or more.
                if tally.days >= 2 { lists.anchorCells.append(Int32(tally.key)) }
            case .haunt: lists.haunts.append((Int32(tally.key), Int(tally.days)))
            case .tag: lists.tagTotals.append(index)
            case .tagAtCell: lists.tagCells.append((tally.key, tally.cell, Int(tally.days)))
            case .offDayTag: lists.offDayTotals.append((tally.key, Int(tally.days)))
            case .offDayTagAtCell: lists.offDayCells.append((tally.key, tally.cell, Int(tally.days)))
            case .weekday: lists.weekdays[Int(tally.key % 7)] += Int(tally.days)
            case .store: break
            }
        }
        let (anchorCells, haunts, tagTotals, tagCells, weekdays) = (lists.anchorCells, lists.haunts, lists.tagTotals, lists.tagCells, lists.weekdays)
        let (offDayTotals, offDayCells) = (lists.offDayTotals, lists.offDayCells)
        let daysSeen = weekdays.reduce(0, +)
        let settings = compiled.catalog.settings
        let routineDays = max(Double(settings.routineMinimumDays), settings.routineShare * Double(state.observedDays))
        /// Whether evidence in `cell` is routine: the cell is slept or worked in, or the
        /// subscriber spends half an hour there on a good share of days (the mall next door,
        /// not the hospital), or, for an event, on other days than the event's. For a habit,
        /// the days spent there are the habit itself.
        func isRoutine(_ cell: Int32, event: Bool, habit: Bool, evidenceDays: Int) -> Bool {
            if anchorCells.contains(cell) { return true }
            guard !habit, let haunt = haunts.first(where: { $0.cell == cell }) else { return false }
            if event { return haunt.days - evidenceDays >= settings.routineMinimumDays }
            return Double(haunt.days) >= routineDays
        }
        /// Days of the path's evidence in the cells that are not routine.
        func daysAway(_ cells: [(path: UInt32, cell: Int32, days: Int)], path: UInt32, rule: RuleLimits) -> Int {
            var away = 0
            for evidence in cells where evidence.path == path
                && !isRoutine(evidence.cell, event: rule.source == .event, habit: rule.habit, evidenceDays: evidence.days)
            {
                away += evidence.days
            }
            return away
        }
        /// Whether an event's venue is part of the routine as a whole: on other days than the
        /// event's, the subscriber spends half an hour in the cells around it, whichever of
        /// them the phone used, on `routine_min_days` days.
        func isRoutinePlace(_ evidence: UInt32, evidenceDays: Int) -> Bool {
            guard evidence != .max, evidence & Tally.eventBit != 0 else { return false }
            let place = Int(reference.events[Int(evidence & ~Tally.eventBit)].place)
            var around = 0
            for haunt in haunts where covers(place, cell: Int(haunt.cell)) { around += haunt.days }
            return around - evidenceDays >= settings.routineMinimumDays
        }

        var produced: [TagRecord] = []
        swap(&produced, &lists.produced)
        produced.removeAll(keepingCapacity: true)
        for ruleIndex in catalog.evaluationOrder {
            let rule = compiled.limits[ruleIndex]
            if !compiled.excludedPaths[ruleIndex].isEmpty,
                produced.contains(where: { $0.status == .active && compiled.excludedPaths[ruleIndex].contains($0.path) })
            {
                continue
            }
            if rule.source != .tags,
                !compiled.requiredPaths[ruleIndex].allSatisfy({ requirement in
                    produced.contains { $0.status == .active && requirement.contains($0.path) }
                })
            {
                continue
            }
            switch rule.source {
            case .anchor:
                guard let anchor = rule.anchor == .home ? home : work, let tag = anchorTag(ruleIndex, anchor) else { continue }
                produced.append(tag)
            case .visit, .ride, .event:
                var eligible = 0
                for weekday in 0..<7 where rule.days.contains(weekday: weekday) { eligible += weekdays[weekday] }
                let offEligible = daysSeen - eligible
                for index in tagTotals where compiled.pathRule[Int(state.tallies[index].key)] == Int32(ruleIndex) {
                    let tally = state.tallies[index]
                    var days = Int(tally.days)
                    if rule.outsideAnchors {
                        if rule.source == .event && isRoutinePlace(tally.evidence, evidenceDays: days) { continue }
                        days = min(days, daysAway(tagCells, path: tally.key, rule: rule))
                    }
                    guard days >= rule.minimumSupport, Double(days) >= rule.minimumShare * Double(eligible) else { continue }
                    if let ratio = rule.maximumOffDayRatio, var offDays = offDayTotals.first(where: { $0.path == tally.key })?.days {
                        // The other days' evidence, read as the rule reads its own days'.
                        if rule.outsideAnchors { offDays = min(offDays, daysAway(offDayCells, path: tally.key, rule: rule)) }
                        if offDays >= rule.minimumSupport && Double(offDays) * Double(eligible) >= ratio * Double(days) * Double(offEligible) {
                            continue
                        }
                    }
                    let expired = asOf - Int(tally.last) > rule.validityDays
                    produced.append(
                        TagRecord(
                            path: Int32(tally.key), status: expired ? .expired : .active, support: UInt16(days), first: tally.first,
                            last: tally.last, evidence: tally.evidence,
                            confidence: Self.confidence(support: days, minimum: rule.minimumSupport)))
                }
            case .tags:
                lists.supporting.removeAll(keepingCapacity: true)
                for requirement in compiled.requiredPaths[ruleIndex] {
                    guard let tag = produced.first(where: { $0.status == .active && requirement.contains($0.path) }) else { break }
                    lists.supporting.append(tag)
                }
                let supporting = lists.supporting
                let path = compiled.fixedPath[ruleIndex]
                guard supporting.count == rule.requirements, path >= 0 else { continue }
                produced.append(
                    TagRecord(
                        path: path, status: .active, support: supporting.map(\.support).min() ?? 0,
                        first: supporting.map(\.first).max() ?? 0, last: supporting.map(\.last).min() ?? 0, evidence: .max,
                        confidence: supporting.map(\.confidence).min() ?? 0))
            }
        }
        for old in state.tags where !produced.contains(where: { $0.path == old.path }) {
            var kept = old
            if kept.status == .active { kept.status = .ended }
            produced.append(kept)
        }
        produced.sort { ($0.status.rawValue, $0.path) < ($1.status.rawValue, $1.path) }
        swap(&produced, &state.tags)
        lists.produced = produced
    }

    /// Half at the minimum support, three quarters at twice the minimum, approaching one.
    static func confidence(support: Int, minimum: Int) -> Float {
        Float(1 - pow(0.5, Double(support) / Double(max(1, minimum))))
    }

    private func anchorTag(_ ruleIndex: Int, _ anchor: Anchor) -> TagRecord? {
        var path = compiled.fixedPath[ruleIndex]
        let byPlace = compiled.anchorPlacePath[ruleIndex]
        if !byPlace.isEmpty {
            guard anchor.place >= 0, anchor.placeShare >= compiled.limits[ruleIndex].minimumPlaceShare else { return nil }
            path = byPlace[Int(anchor.place)]
        }
        let byStore = compiled.anchorStorePath[ruleIndex]
        if !byStore.isEmpty {
            let store = reference.cellStore[Int(anchor.cell)]
            guard store >= 0 else { return nil }
            path = byStore[Int(store)]
        }
        guard path >= 0 else { return nil }
        return TagRecord(
            path: path, status: .active, support: anchor.days, first: anchor.first, last: anchor.last,
            evidence: anchor.place >= 0 ? UInt32(anchor.place) : .max, confidence: anchor.confidence)
    }

    /// A night-shift worker sleeps by day: the nights are spent where a workplace is and the
    /// weekdays where no workplace but a home is. Such a subscriber's anchors are read the
    /// other way round: home from the days, work from the nights.
    private func worksNights(night: Anchor, day: Anchor) -> Bool {
        day.place < 0 && serves(compiled.homeTypes, cell: Int(day.cell)) && serves(compiled.workTypes, cell: Int(night.cell))
    }

    /// A campus with dormitories is a workplace and a home: a student whose nights are in a
    /// cell the campus serves lives on it, though a small estate beside the dormitories may
    /// explain that cell better by its footprint.
    private func livesAtWork(home: Anchor, work: Anchor) -> Bool {
        work.place >= 0 && work.place != home.place && compiled.homeTypes & CompiledCatalog.bit(reference.placeType[Int(work.place)]) != 0
            && covers(Int(work.place), cell: Int(home.cell))
    }

    /// The cell leading most days in the tallies of `source` (nights or workdays), then the
    /// place of the anchor's types that best explains it (or `preferred`, when it covers the
    /// cell), or of its fallback types when no place of its types covers the cell.
    private func anchor(
        _ kind: Anchor.Kind, _ rule: AnchorRule, state: SubscriberState, types: UInt32, fallbackTypes: UInt32, excluding home: Anchor?,
        preferring preferred: Int32, from tallyKind: Tally.Kind, homeCells: inout [UInt32]
    ) -> Anchor? {
        homeCells.removeAll(keepingCapacity: true)
        // A home that is itself a workplace (a campus dormitory) excludes nothing.
        if let home, home.place < 0 || types & CompiledCatalog.bit(reference.placeType[Int(home.place)]) == 0 {
            homeCells.append(UInt32(home.cell))
            if home.place >= 0 {
                // The home place's other cells are home too, unless they also serve a place of
                // the anchor's types: an estate beside a campus shares cells with it, and a
                // student sleeping in one and studying in another is not at home by day.
                for tally in state.tallies
                where tally.kind == tallyKind && covers(Int(home.place), cell: Int(tally.key)) && !serves(types, cell: Int(tally.key)) {
                    homeCells.append(tally.key)
                }
            }
        }
        var best: Tally?
        var total = 0
        for tally in state.tallies where tally.kind == tallyKind && !homeCells.contains(tally.key) {
            total += Int(tally.days)
            if let current = best, (current.days, current.last, UInt32.max - current.key) >= (tally.days, tally.last, UInt32.max - tally.key) {
                continue
            }
            best = tally
        }
        guard let best, Int(best.days) >= rule.minimumDays else { return nil }
        let cell = Int(best.key)
        // The leading cell's ping-pong partner places the subscriber on the side of the cell
        // facing it: estimate the position part of the way towards it, and take the place
        // whose edge is nearest to that position.
        let partnerKind: Tally.Kind = tallyKind == .night ? .nightPartner : .workPartner
        var partner: Int32 = -1
        var partnerDays: UInt16 = 0
        for tally in state.tallies where tally.kind == partnerKind && (tally.days, Int32(tally.key)) > (partnerDays, partner) {
            partner = Int32(tally.key)
            partnerDays = tally.days
        }
        var x = reference.cellX[cell]
        var y = reference.cellY[cell]
        if partner >= 0 {
            x += Self.partnerPull * (reference.cellX[Int(partner)] - x)
            y += Self.partnerPull * (reference.cellY[Int(partner)] - y)
        }
        /// How well a place explains the cells: the share of its footprint served by the
        /// leading cell with this partner, then by the leading cell at all, then nearness.
        func fit(_ place: Int32) -> (Float, Float, Double) {
            let dx = reference.placeX[Int(place)] - x
            let dy = reference.placeY[Int(place)] - y
            let explained = reference.footprintFit(of: Int(place), cell: Int32(cell), partner: partner)
            return (explained.pair, explained.cell, reference.placeRadius[Int(place)] - (dx * dx + dy * dy).squareRoot())
        }
        var place: Int32 = -1
        var bestFit: (Float, Float, Double) = (-1, -1, -.infinity)
        var totals: (Float, Float) = (0, 0)
        var candidates = 0
        func choose(among allowed: UInt32) {
            for slot in Int(reference.cellPlaceStart[cell])..<Int(reference.cellPlaceStart[cell + 1]) {
                let candidate = reference.cellPlaces[slot]
                guard allowed & CompiledCatalog.bit(reference.placeType[Int(candidate)]) != 0 else { continue }
                let candidateFit = fit(candidate)
                candidates += 1
                totals.0 += candidateFit.0
                totals.1 += candidateFit.1
                // The preferred place, once found, is kept whatever fits better after it.
                let holdsPreferred = preferred >= 0 && place == preferred
                if candidate == preferred || (!holdsPreferred && candidateFit > bestFit) {
                    bestFit = candidateFit
                    place = candidate
                }
            }
        }
        choose(among: types)
        if candidates == 0 && fallbackTypes != 0 { choose(among: fallbackTypes) }
        // The share is taken at the level that chose the place: with the partner when the
        // winner's footprint reaches it, else by the cell alone, the same for every candidate.
        let (bestShare, totalShare) = bestFit.0 > 0 ? (bestFit.0, totals.0) : (bestFit.1, totals.1)
        let placeShare: Float = candidates <= 1 ? 1 : totalShare > 0 ? bestShare / totalShare : 1 / Float(candidates)
        var observed = 0
        for tally in state.tallies where tally.kind == .weekday && rule.days.contains(weekday: Int(tally.key)) { observed += Int(tally.days) }
        return Anchor(
            kind: kind, cell: Int32(cell), place: place, days: best.days, first: best.first, last: best.last,
            confidence: Float(best.days) / Float(max(1, max(observed, total))), placeShare: placeShare)
    }

    /// How far towards the partner cell the position estimate moves.
    static let partnerPull = 0.35

    /// Whether the cell serves a place of one of `types`.
    private func serves(_ types: UInt32, cell: Int) -> Bool {
        reference.cellPlaces[Int(reference.cellPlaceStart[cell])..<Int(reference.cellPlaceStart[cell + 1])].contains {
            types & CompiledCatalog.bit(reference.placeType[Int($0)]) != 0
        }
    }

    private func covers(_ place: Int, cell: Int) -> Bool {
        let range = Int(reference.cellPlaceStart[cell])..<Int(reference.cellPlaceStart[cell + 1])
        return reference.cellPlaces[range].contains(Int32(place))
    }

}

extension CompiledCatalog {
    /// The index of a concrete path, by binary search in the sorted paths.
    public func pathIndex(_ path: String) -> Int32? {
        var low = 0
        var high = paths.count
        while low < high {
            let middle = (low + high) / 2
            if paths[middle] < path { low = middle + 1 } else { high = middle }
        }
        return low < paths.count && paths[low] == path ? Int32(low) : nil
    }
}
