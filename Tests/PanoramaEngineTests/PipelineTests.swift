import PanoramaModel
import Testing

@testable import PanoramaEngine

@Suite struct StayTests {
    func stays(_ cells: [(UInt32, Double)]) -> [Stay] {
        let records = cells.map { TinyTown.record(TinyTown.monday, $0.1, $0.0) }
        var stays: [Stay] = []
        records.withUnsafeBufferPointer { buffer in
            StayDetector.detect(
                buffer, dayEnd: UInt32(TinyTown.seconds(day: TinyTown.monday + 1, hour: 0)), holdSeconds: 3_600,
                pingPongMeters: 1_000, reference: TinyTown.reference, into: &stays)
        }
        return stays
    }

    @Test func recordsInOneCellAreOneStayWithTheirDwell() {
        let found = stays([(0, 1), (0, 2), (0, 3), (4, 9)])
        #expect(stays([(0, 1), (0, 2), (4, 2.5)])[0].span == 5_400, "until the next stay starts")
        #expect(found.map(\.cell) == [0, 4])
        #expect(found[0].dwell == 7_200)
        #expect(found[0].records == 3)
        #expect(found[0].span == 3 * 3600, "until the next stay, but at most the record hold after its last record")
        #expect(found[1].span == 3_600, "the last record stands for at most the record hold")
    }

    @Test func pingPongToANeighbourDoesNotBreakAStay() {
        let found = stays([(0, 1), (1, 1.5), (0, 2), (1, 2.5), (0, 3)])
        #expect(found.count == 1)
        #expect(found[0].cell == 0)
        #expect(found[0].records == 5)
        #expect(found[0].partner == 1)
    }

    @Test func aFarCellOrAMoveWithoutReturnStartsANewStay() {
        #expect(stays([(0, 1), (3, 1.5), (0, 2)]).map(\.cell) == [0, 3, 0], "cell 3 is 2.7 km away: not ping-pong")
        #expect(stays([(0, 1), (1, 1.5), (2, 2)]).map(\.cell) == [0, 1, 2], "no return: a move")
    }

    @Test func aSingleRecordIsAStayOfNoDwell() {
        let found = stays([(5, 23.5)])
        #expect(found.count == 1)
        #expect(found[0].dwell == 0)
        #expect(found[0].span == 1_800, "cut at midnight")
    }
}

@Suite struct PipelineTests {
    let catalog: TagCatalog

    init() throws {
        catalog = try DefaultCatalog.load()
    }

    @Test func anOfficeWorkersWeekGivesAnchorsAndTagsWithEvidence() throws {
        let state = try #require(TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: catalog).first)
        let home = try #require(state.anchor(.home))
        let work = try #require(state.anchor(.work))
        #expect(TinyTown.reference.places[Int(home.place)].id == "EST-1")
        #expect(home.days == 7)
        #expect(TinyTown.reference.places[Int(work.place)].id == "OFC-1")
        #expect(work.days == 5)
        #expect(state.observedDays == 7)
        #expect(
            TinyTown.tagPaths(state, catalog) == [
                "demographic/income/high", "demographic/occupation/white_collar", "preference/health/general",
                "preference/sport/football", "region/home/BR-1/MC-1/AR-1/ST-1", "region/work/BR-1/MC-1/AR-1/ST-2",
            ])
        let compiled = TinyTown.compiled(catalog)
        let football = try #require(state.tags.first { compiled.paths[Int($0.path)] == "preference/sport/football" })
        #expect(football.support == 1)
        #expect(football.evidence == Tally.eventBit | 0, "the match is the evidence")
        #expect(football.first == UInt16(TinyTown.monday + 2))
        let hospital = try #require(state.tags.first { compiled.paths[Int($0.path)] == "preference/health/general" })
        #expect(TinyTown.reference.places[Int(hospital.evidence)].id == "HOS-1")
        #expect(hospital.first == UInt16(TinyTown.monday + 5), "passing the hospital on the way to work is no visit")
        let stores = state.tallies.filter { $0.kind == .store }.map { TinyTown.reference.stores[Int($0.key)].id }
        #expect(Set(stores) == ["ST-1", "ST-2"])
    }

    @Test func noRecordsOneRecordOrOnlyNightsGiveValidPanoramas() throws {
        #expect(TinyTown.panorama([], catalog: catalog).isEmpty)
        let single = try #require(TinyTown.panorama([TinyTown.record(TinyTown.monday, 3, 0)], catalog: catalog).first)
        #expect(single.anchors.isEmpty)
        #expect(single.tags.isEmpty)
        #expect(single.records == 1)
        let nights = TinyTown.officeWorkerWeek().filter {
            let hour = (Int($0.time) + TinyTown.offset.seconds) % 86_400 / 3600
            return hour < 7 || hour >= 22
        }
        let sleeper = try #require(TinyTown.panorama(nights, catalog: catalog).first)
        #expect(sleeper.anchor(.home) != nil)
        #expect(sleeper.anchor(.work) == nil)
        #expect(TinyTown.tagPaths(sleeper, catalog) == ["demographic/income/high", "region/home/BR-1/MC-1/AR-1/ST-1"])
    }

    @Test func recordsOutOfTimeOrderGiveTheSamePanorama() {
        let records = TinyTown.officeWorkerWeek()
        // A fixed permutation: stepping by a prime visits every record once, far out of order.
        let shuffled = records.indices.map { records[($0 * 7_919) % records.count] }
        #expect(shuffled != records && Set(shuffled.map(\.time)) == Set(records.map(\.time)))
        #expect(TinyTown.panorama(shuffled, catalog: catalog) == TinyTown.panorama(records, catalog: catalog))
    }

    /// A feed sent twice, or a file ingested again under another name, repeats records.
    @Test func repeatedRecordsGiveTheSamePanorama() {
        // Beside each record, one at the same time in the next cell: kept, being no repeat.
        let records = TinyTown.officeWorkerWeek().flatMap { [$0, LocationRecord(subscriber: 0, time: $0.time, cell: ($0.cell + 1) % 8)] }
        let everyOtherTwice = records + records.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let once = TinyTown.panorama(records, catalog: catalog)
        #expect(once.first?.records == UInt32(records.count))
        #expect(TinyTown.panorama(records + records, catalog: catalog) == once)
        #expect(TinyTown.panorama(everyOtherTwice, catalog: catalog) == once)
    }

    @Test func addingDaysLaterGivesTheSamePanoramaAsAllAtOnce() {
        let records = TinyTown.officeWorkerWeek() + TinyTown.officeWorkerWeek(subscriber: 1)
        let split = UInt32(TinyTown.seconds(day: TinyTown.monday + 4, hour: 0))
        let compiled = TinyTown.compiled(catalog)
        var pass = PartitionPass(reference: TinyTown.reference, compiled: compiled)
        var states: [SubscriberState] = []
        pass.add(records.filter { $0.time < split }, partition: 0, partitions: 1, to: &states)
        pass.assemble(&states, asOf: TinyTown.monday + 3)
        pass.add(records.filter { $0.time >= split }, partition: 0, partitions: 1, to: &states)
        pass.assemble(&states, asOf: TinyTown.monday + 6)
        #expect(states == TinyTown.panorama(records, catalog: catalog))
        #expect(states.count == 2)
    }

    @Test func aPlaceWithoutCoveringCellsIsVisitedThroughTheCellsServingIt() throws {
        let cinema = try #require(TinyTown.reference.places.firstIndex { $0.id == "CIN-1" })
        let cell = 7
        let covering = TinyTown.reference.cellPlaces[Int(TinyTown.reference.cellPlaceStart[cell])..<Int(TinyTown.reference.cellPlaceStart[cell + 1])]
        #expect(covering.contains(Int32(cinema)))
        let friday = TinyTown.monday + 4
        let eveningStart = UInt32(TinyTown.seconds(day: friday, hour: 18))
        let eveningEnd = UInt32(TinyTown.seconds(day: friday, hour: 22))
        let week = TinyTown.officeWorkerWeek().filter { $0.time < eveningStart || $0.time >= eveningEnd }
        let evening = [19.1, 19.8, 20.6, 21.3].map { TinyTown.record(friday, $0, 7) }
        let state = try #require(TinyTown.panorama(week + evening, catalog: catalog).first)
        #expect(TinyTown.tagPaths(state, catalog).contains("preference/movie/cinema"))
    }

    /// The office worker's week, with the morning commute through two stations taking `minutes`.
    func commute(minutes: Double) -> [LocationRecord] {
        var records = TinyTown.officeWorkerWeek().filter {
            let hour = Double((Int($0.time) + TinyTown.offset.seconds) % 86_400) / 3600
            return !(7.5..<9).contains(hour)
        }
        for day in TinyTown.monday..<(TinyTown.monday + 5) {
            records.append(TinyTown.record(day, 7.6, 1))
            records.append(TinyTown.record(day, 7.6 + minutes / 60, 5))
            records.append(TinyTown.record(day, 7.7 + minutes / 60, 4))
        }
        return records
    }

    @Test func aRideBetweenStationsAtRushHourIsASubwayCommute() throws {
        let riding = try #require(TinyTown.panorama(commute(minutes: 12), catalog: catalog).first)
        #expect(TinyTown.tagPaths(riding, catalog).contains("behaviour/commute/subway"))
        let compiled = TinyTown.compiled(catalog)
        let tag = try #require(riding.tags.first { compiled.paths[Int($0.path)] == "behaviour/commute/subway" })
        #expect(tag.support == 5)
        #expect(TinyTown.reference.places[Int(tag.evidence)].id == "SUB-1", "the boarding station is the evidence")
        let walking = try #require(TinyTown.panorama(commute(minutes: 70), catalog: catalog).first)
        #expect(!TinyTown.tagPaths(walking, catalog).contains("behaviour/commute/subway"), "3.6 km in 70 minutes is no ride")
    }

    @Test func passingThroughAStationsCellIsNoBoarding() throws {
        // The train leaves C1 a minute after the first record: no wait on the platform.
        var records = commute(minutes: 12).filter { $0.cell != 1 }
        for day in TinyTown.monday..<(TinyTown.monday + 5) { records.append(TinyTown.record(day, 7.59, 1)); records.append(TinyTown.record(day, 7.61, 2)) }
        let passing = try #require(TinyTown.panorama(records.sorted { $0.time < $1.time }, catalog: catalog).first)
        #expect(!TinyTown.tagPaths(passing, catalog).contains("behaviour/commute/subway"))
    }

    /// A week of someone living in the station's cell C1 and working in C4, riding from C1
    /// to C5 leaving home at `leaving` (local hour) on weekdays, and at work `walk` hours after
    /// leaving the train. With `workInStationCell` the work stay is in C5 itself, so the ride
    /// has no short stop at either end.
    func stationNeighbourWeek(leaving: Double, walk: Double = 0.25, workInStationCell: Bool = false) -> [LocationRecord] {
        var records: [LocationRecord] = []
        let work: UInt32 = workInStationCell ? 5 : 4
        for day in TinyTown.monday..<(TinyTown.monday + 5) {
            for hour in stride(from: 0.25, to: leaving, by: 0.5) { records.append(TinyTown.record(day, hour, 1)) }
            if !workInStationCell { records.append(TinyTown.record(day, leaving + 0.2, 5)) }
            for hour in stride(from: leaving + 0.2 + walk, to: 17.5, by: 1.0) { records.append(TinyTown.record(day, hour, work)) }
            for hour in stride(from: 18.25, to: 24, by: 1.0) { records.append(TinyTown.record(day, hour, 1)) }
        }
        return records
    }

    @Test func aStationInTheHomeCellIsBoardedWhereTheHomeStayEnds() throws {
        let state = try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 7.9), catalog: catalog).first)
        #expect(TinyTown.tagPaths(state, catalog).contains("behaviour/commute/subway"))
        var strict = catalog
        for index in strict.rules.indices { strict.rules[index].longStayEnds = false }
        #expect(!TinyTown.tagPaths(try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 7.9), catalog: strict).first), strict)
            .contains("behaviour/commute/subway"), "without long_stay_ends the home stay is too long to be a stop")
    }

    /// From home, the station at the far end must be a walk from work: a phone that reaches
    /// the office 900 m on within four minutes of the station's cell was in a car passing it.
    @Test func aRideFromHomeEndsAWalkFromWork() throws {
        let driving = try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 7.9, walk: 0.07), catalog: catalog).first)
        #expect(!TinyTown.tagPaths(driving, catalog).contains("behaviour/commute/subway"))
        var anyPace = catalog
        for index in anyPace.rules.indices { anyPace.rules[index].walkSpeed = nil }
        let state = try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 7.9, walk: 0.07), catalog: anyPace).first)
        #expect(TinyTown.tagPaths(state, anyPace).contains("behaviour/commute/subway"), "without walk_speed the drive passes for a ride")
    }

    /// A ride timed from the end of the home stay includes the walk to the station and the
    /// wait, so a rule may hold it to a lower speed than a ride from platform to platform.
    @Test func aRideFromHomeHasItsOwnSpeedLimit() throws {
        var slow = catalog
        let subway = try #require(slow.rules.firstIndex { $0.path.text == "behaviour/commute/subway" })
        for limit in [9.0, 11.0] {
            slow.rules[subway].longStayMaximumSpeed = limit
            // 3.6 km from the last record at home (07:45) to the far station (08:06): 10.3 km/h.
            let state = try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 7.9), catalog: slow).first)
            #expect(TinyTown.tagPaths(state, slow).contains("behaviour/commute/subway") == (limit > 10.3), "limit \(limit) km/h")
        }
    }

    /// The station where a ride ends is where the phone was: a kindergarten in the same cell
    /// does not get a school run from the commuter walking off the platform at 08:06.
    @Test func aStayWhereARideEndsIsNoVisit() throws {
        let kindergarten = Place(
            id: "KG-1", name: "Little Lotus", type: .kindergarten, coordinate: TinyTown.coordinate(5), radiusMeters: 80,
            coveringCells: ["C5"], attributes: [:])
        let reference = TinyTown.reference(adding: [kindergarten])
        func tags(onePlacePerStay: Bool) throws -> [String] {
            var choice = catalog
            choice.settings.onePlacePerStay = onePlacePerStay
            let state = try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 7.9), catalog: choice, reference: reference).first)
            return TinyTown.tagPaths(state, choice, reference: reference)
        }
        let onePlace = try tags(onePlacePerStay: true)
        #expect(onePlace.contains("behaviour/commute/subway") && !onePlace.contains("behaviour/family/school_run"))
        #expect(try tags(onePlacePerStay: false).contains("behaviour/family/school_run"), "counted for every place, the stop is a school run")
    }

    /// A week of an office worker living in `home`, at the bar in C3 from 22:00 to 23:55 on
    /// `barNights` (days after Monday).
    func barWeek(home: UInt32 = 0, barNights: Set<Int>) -> [LocationRecord] {
        var records: [LocationRecord] = []
        for day in TinyTown.monday..<(TinyTown.monday + 7) {
            for hour in stride(from: 0.25, to: 7.5, by: 1.0) { records.append(TinyTown.record(day, hour, home)) }
            if day - TinyTown.monday < 5 {
                for hour in stride(from: 8.75, to: 17.5, by: 1.0) { records.append(TinyTown.record(day, hour, 4)) }
            }
            for hour in stride(from: 18.25, to: 21.5, by: 1.0) { records.append(TinyTown.record(day, hour, home)) }
            let evening: UInt32 = barNights.contains(day - TinyTown.monday) ? 3 : home
            for hour in stride(from: 22.0, to: 24, by: 0.3) { records.append(TinyTown.record(day, hour, evening)) }
        }
        return records
    }

    static let bar = Place(
        id: "BAR-1", name: "Velvet Bar", type: .bar, coordinate: TinyTown.coordinate(3), radiusMeters: 40, coveringCells: ["C3"],
        attributes: [:])

    /// The active tags of the records' subscriber, with the built-in rule of `path` changed.
    func tags(
        _ records: [LocationRecord], reference: ReferenceIndex, changing path: String, _ change: (inout TagRule) -> Void
    ) throws -> [String] {
        var choice = catalog
        for index in choice.rules.indices where choice.rules[index].path.text == path { change(&choice.rules[index]) }
        let state = try #require(TinyTown.panorama(records, catalog: choice, reference: reference).first)
        return TinyTown.tagPaths(state, choice, reference: reference)
    }

    @Test func aBarFrequentedLateIsAHabitNotARoutine() throws {
        let reference = TinyTown.reference(adding: [Self.bar])
        let regular = barWeek(barNights: [0, 1, 3, 4, 5])
        func tags(_ records: [LocationRecord], habit: Bool) throws -> [String] {
            try self.tags(records, reference: reference, changing: "behaviour/nightlife/night_owl") { $0.habit = habit }
        }
        #expect(try tags(regular, habit: true).contains("behaviour/nightlife/night_owl"))
        #expect(
            try !tags(regular, habit: false).contains("behaviour/nightlife/night_owl"),
            "five nights of seven make the bar's cell routine, which a visit does not count")
        #expect(
            try !tags(barWeek(home: 3, barNights: []), habit: true).contains("behaviour/nightlife/night_owl"),
            "living in the bar's cell is still no night at the bar")
    }

    /// A parent at the kindergarten in C3 from 07:30 to 07:50 on weekdays and on
    /// `offDays` (5 = Saturday, 6 = Sunday), before a day at the office.
    func schoolRunWeek(offDays: Set<Int>) -> [LocationRecord] {
        var records: [LocationRecord] = []
        for day in TinyTown.monday..<(TinyTown.monday + 7) {
            let weekday = day - TinyTown.monday
            for hour in stride(from: 0.25, to: 7.3, by: 1.0) { records.append(TinyTown.record(day, hour, 0)) }
            if weekday < 5 || offDays.contains(weekday) {
                for hour in [7.5, 7.65, 7.8] { records.append(TinyTown.record(day, hour, 3)) }
            }
            for hour in stride(from: 7.95, to: 17.5, by: 1.0) { records.append(TinyTown.record(day, hour, weekday < 5 ? 4 : 0)) }
            for hour in stride(from: 18.25, to: 24, by: 1.0) { records.append(TinyTown.record(day, hour, 0)) }
        }
        return records
    }

    static let kindergarten = Place(
        id: "KG-1", name: "Little Lotus", type: .kindergarten, coordinate: TinyTown.coordinate(3), radiusMeters: 60, coveringCells: ["C3"],
        attributes: [:])

    @Test func evidenceOnTheRulesOffDaysWithholdsTheTag() throws {
        let reference = TinyTown.reference(adding: [Self.kindergarten])
        func tags(offDays: Set<Int>, ratio: Double? = 0.5) throws -> [String] {
            try self.tags(schoolRunWeek(offDays: offDays), reference: reference, changing: "behaviour/family/school_run") {
                $0.maximumOffDayRatio = ratio
            }
        }
        #expect(try tags(offDays: []).contains("behaviour/family/school_run"))
        #expect(try !tags(offDays: [5, 6]).contains("behaviour/family/school_run"), "every Saturday and Sunday too: a shift, not a child")
        #expect(try tags(offDays: [5, 6], ratio: nil).contains("behaviour/family/school_run"))
        #expect(try tags(offDays: [5, 6], ratio: 1.5).contains("behaviour/family/school_run"), "weekends at 1.0 of the weekday share")
        #expect(try !tags(offDays: [5, 6], ratio: 1).contains("behaviour/family/school_run"), "as often as on weekdays reaches a ratio of 1")
        #expect(try tags(offDays: [5]).contains("behaviour/family/school_run"), "one Saturday is less than the rule's support")
    }

    /// A Saturday at the school in the morning and, through another of its cells, in the
    /// afternoon is one day of evidence, not two.
    @Test func anOffDayInTwoCellsIsOneDay() throws {
        let school = Place(
            id: "KG-1", name: "Little Lotus", type: .kindergarten, coordinate: TinyTown.coordinate(3), radiusMeters: 60,
            coveringCells: ["C1", "C3"], attributes: [:])
        let reference = TinyTown.reference(adding: [school])
        let saturday = TinyTown.monday + 5
        let records = (schoolRunWeek(offDays: [5]) + [16.4, 16.55, 16.7].map { TinyTown.record(saturday, $0, 1) }).sorted { $0.time < $1.time }
        let state = try #require(TinyTown.panorama(records, catalog: catalog, reference: reference).first)
        #expect(state.tallies.filter { $0.kind == .offDayTagAtCell }.count == 2)
        #expect(state.tallies.first { $0.kind == .offDayTag }?.days == 1)
        #expect(TinyTown.tagPaths(state, catalog, reference: reference).contains("behaviour/family/school_run"))
    }

    /// Built day by day, the school run is given on Saturday and withheld once Sunday
    /// shows the same evidence: it is kept as ended, and the tallies are those of one build.
    @Test func offDayEvidenceAddsUpAsTheDaysAreBuilt() throws {
        let reference = TinyTown.reference(adding: [Self.kindergarten])
        let records = schoolRunWeek(offDays: [5, 6])
        let split = UInt32(TinyTown.seconds(day: TinyTown.monday + 6, hour: 0))
        var pass = PartitionPass(reference: reference, compiled: CompiledCatalog(catalog, reference: reference))
        var states: [SubscriberState] = []
        pass.add(records.filter { $0.time < split }, partition: 0, partitions: 1, to: &states)
        pass.assemble(&states, asOf: TinyTown.monday + 5)
        #expect(TinyTown.tagPaths(try #require(states.first), catalog, reference: reference).contains("behaviour/family/school_run"))
        pass.add(records.filter { $0.time >= split }, partition: 0, partitions: 1, to: &states)
        pass.assemble(&states, asOf: TinyTown.monday + 6)
        let daily = try #require(states.first)
        let whole = try #require(TinyTown.panorama(records, catalog: catalog, reference: reference).first)
        #expect(daily.tallies == whole.tallies)
        #expect(daily.tallies.first { $0.kind == .offDayTag }?.days == 2)
        #expect(TinyTown.tagPaths(daily, catalog, reference: reference) == TinyTown.tagPaths(whole, catalog, reference: reference))
        #expect(!TinyTown.tagPaths(daily, catalog, reference: reference).contains("behaviour/family/school_run"))
        #expect(TinyTown.tagPaths(daily, catalog, status: .ended, reference: reference).contains("behaviour/family/school_run"))
    }

    /// A stay on the kindergarten's off day is checked against the school run, but the
    /// children's hospital sharing the cell keeps it; when the hospital explains the cell
    /// better, the stay is no evidence for the school run either.
    @Test(arguments: [(60.0, 600.0), (600.0, 60.0)])
    func offDayEvidenceTakesAStayFromNoPlace(schoolRadius: Double, hospitalRadius: Double) throws {
        let school = Place(
            id: "KG-1", name: "Little Lotus", type: .kindergarten, coordinate: TinyTown.coordinate(3), radiusMeters: schoolRadius,
            coveringCells: ["C3"], attributes: [:])
        let hospital = Place(
            id: "CHH-1", name: "Children's Hospital", type: .childrensHospital, coordinate: TinyTown.coordinate(3),
            radiusMeters: hospitalRadius, coveringCells: ["C3"], attributes: [:])
        let reference = TinyTown.reference(adding: [school, hospital])
        var records: [LocationRecord] = []
        for day in TinyTown.monday..<(TinyTown.monday + 7) {
            for hour in stride(from: 0.25, to: 7.3, by: 1.0) { records.append(TinyTown.record(day, hour, 0)) }
            if day - TinyTown.monday == 5 {
                for hour in [7.6, 7.8, 8.0, 8.2] { records.append(TinyTown.record(day, hour, 3)) }
            }
            for hour in stride(from: 8.5, to: 24, by: 1.0) { records.append(TinyTown.record(day, hour, 0)) }
        }
        let state = try #require(TinyTown.panorama(records, catalog: catalog, reference: reference).first)
        #expect(TinyTown.tagPaths(state, catalog, reference: reference).contains("preference/health/child"))
        #expect(state.tallies.contains { $0.kind == .offDayTag } == (schoolRadius < hospitalRadius))
    }

    @Test func aLongStaysFarEndDoesNotMakeARushHour() throws {
        // The home stay covers the morning rush, but the ride leaves at 11:00.
        let late = try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 11), catalog: catalog).first)
        #expect(!TinyTown.tagPaths(late, catalog).contains("behaviour/commute/subway"))
    }

    @Test func aRideNeedsOneShortStop() throws {
        // From a home by one station to an office by another: a drive looks the same.
        let state = try #require(TinyTown.panorama(stationNeighbourWeek(leaving: 7.9, workInStationCell: true), catalog: catalog).first)
        #expect(!TinyTown.tagPaths(state, catalog).contains("behaviour/commute/subway"))
    }

    /// A factory worker on nights: at the industrial park in C3 from 20:30 to 07:30 and at
    /// home in C0 (Pine Court) from 08:30 to 19:30, every day.
    @Test func aNightShiftWorkerLivesWhereTheDaysAreSpent() throws {
        let park = Place(
            id: "IND-1", name: "East Industrial Park", type: .industrialPark, coordinate: TinyTown.coordinate(3), radiusMeters: 400,
            coveringCells: ["C3"], attributes: [:])
        let reference = TinyTown.reference(adding: [park])
        var records: [LocationRecord] = []
        for day in TinyTown.monday..<(TinyTown.monday + 7) {
            for hour in stride(from: 0.25, to: 7.5, by: 1.0) { records.append(TinyTown.record(day, hour, 3)) }
            for hour in stride(from: 8.5, to: 19.5, by: 1.0) { records.append(TinyTown.record(day, hour, 0)) }
            for hour in stride(from: 20.5, to: 24, by: 1.0) { records.append(TinyTown.record(day, hour, 3)) }
        }
        func anchors(nightWork: Bool) throws -> (home: String?, work: String?) {
            let text = DefaultCatalog.text.replacingOccurrences(of: "night_work: true ", with: "night_work: \(nightWork) ")
            let custom = try CatalogParser.parse(text, file: "custom.yaml")
            #expect(custom.settings.nightWork == nightWork)
            let states = TinyTown.panorama(records, catalog: custom, reference: reference)
            let state = try #require(states.first)
            func id(_ anchor: Anchor?) -> String? { TinyTown.placeID(of: anchor, in: reference) }
            return (id(state.anchor(.home)), id(state.anchor(.work)))
        }
        let nights = try anchors(nightWork: true)
        #expect(nights.home == "EST-1")
        #expect(nights.work == "IND-1")
        let literal = try anchors(nightWork: false)
        #expect(literal.home == "cell C3", "without night_work the nights are home, and no estate serves C3")
        #expect(literal.work == "cell C0")
    }

    /// A student of a campus spreading over C0 and C1: nights in C0, where the small Pine
    /// Court explains the cell better by its footprint, and weekdays in C1 at lectures.
    @Test func aStudentSleepingBesideAnEstateLivesOnCampus() throws {
        let campus = Place(
            id: "UNI-1", name: "Riverside University", type: .university,
            coordinate: Coordinate(latitude: 23.1 + 0.5 * 0.0081, longitude: 113.3), radiusMeters: 900, coveringCells: ["C0", "C1"],
            attributes: [:])
        let reference = TinyTown.reference(adding: [campus])
        var records: [LocationRecord] = []
        for day in TinyTown.monday..<(TinyTown.monday + 7) {
            for hour in stride(from: 0.25, to: 8.5, by: 1.0) { records.append(TinyTown.record(day, hour, 0)) }
            if day - TinyTown.monday < 5 {
                for hour in stride(from: 9.0, to: 17.5, by: 1.0) { records.append(TinyTown.record(day, hour, 1)) }
            }
            for hour in stride(from: 18.25, to: 24, by: 1.0) { records.append(TinyTown.record(day, hour, 0)) }
        }
        func anchors(homeAtWork: Bool) throws -> (home: String?, work: String?, tags: [String]) {
            let text = DefaultCatalog.text.replacingOccurrences(of: "home_at_work: true", with: "home_at_work: \(homeAtWork)")
            let custom = try CatalogParser.parse(text, file: "custom.yaml")
            #expect(custom.settings.homeAtWork == homeAtWork)
            let state = try #require(TinyTown.panorama(records, catalog: custom, reference: reference).first)
            func id(_ anchor: Anchor?) -> String? { TinyTown.placeID(of: anchor, in: reference) }
            return (id(state.anchor(.home)), id(state.anchor(.work)), TinyTown.tagPaths(state, custom).filter { $0.hasPrefix("demographic/") })
        }
        let onCampus = try anchors(homeAtWork: true)
        #expect(onCampus.home == "UNI-1")
        #expect(onCampus.work == "UNI-1")
        #expect(onCampus.tags == ["demographic/occupation/college_student"])
        let byFootprint = try anchors(homeAtWork: false)
        #expect(byFootprint.home == "EST-1", "Pine Court holds all of its ground in C0, the campus a small part of its own")
        #expect(byFootprint.work == "UNI-1")
    }

    @Test func incomeNeedsAnEstateThatStandsOutAmongItsNeighbours() throws {
        // A second estate of another tier on the same spot: the records cannot tell them apart.
        let twin = Place(
            id: "EST-2", name: "Pine Court South", type: .residentialEstate, coordinate: TinyTown.coordinate(0), radiusMeters: 200,
            coveringCells: ["C0"], attributes: ["price_tier": "low"])
        let reference = TinyTown.reference(adding: [twin])
        func incomeTags(_ share: String) throws -> [String] {
            let text = DefaultCatalog.text.replacingOccurrences(
                of: "min_place_share: 0.5         # only when the estate", with: "min_place_share: \(share)         # only when the estate")
            #expect(text != DefaultCatalog.text)
            let custom = try CatalogParser.parse(text, file: "custom.yaml")
            let compiled = CompiledCatalog(custom, reference: reference)
            let states = TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: custom, reference: reference)
            #expect(try #require(states.first?.anchor(.home)).placeShare == 0.5)
            return states[0].tags.map { compiled.paths[Int($0.path)] }.filter { $0.hasPrefix("demographic/income/") }
        }
        #expect(try incomeTags("0.6") == [], "an even split names no income band")
        #expect(try incomeTags("0.2").count == 1)
    }

    /// Two estates on cell C3: one to its north, where C3 ping-pongs to C4, and one to its
    /// south, where it ping-pongs to C2. Nights in C3 ping-ponging to C4
    /// are in the northern one, and only it explains them: its share is 1, not diluted by how
    /// much of C3 alone the southern one holds.
    @Test func theHomesShareIsTakenWithThePartnerThatChoseIt() throws {
        let north = Place(
            id: "EST-N", name: "North Court", type: .residentialEstate, coordinate: Coordinate(latitude: 23.1 + 3.3 * 0.0081, longitude: 113.3),
            radiusMeters: 120, coveringCells: ["C3"], attributes: ["price_tier": "high"])
        let south = Place(
            id: "EST-S", name: "South Gardens", type: .residentialEstate, coordinate: Coordinate(latitude: 23.1 + 2.7 * 0.0081, longitude: 113.3),
            radiusMeters: 150, coveringCells: ["C3"], attributes: ["price_tier": "low"])
        let reference = ReferenceIndex(
            cells: TinyTown.cells, regions: TinyTown.regions, places: [north, south], events: [], offset: TinyTown.offset,
            defaultRadiationMeters: 2_000)
        #expect(reference.footprintShare(place: 1, first: 3, second: -1) == 1, "all of the south estate uses C3")
        #expect(reference.footprintShare(place: 1, first: 3, second: 4) == 0, "and ping-pongs to C2, never to C4")
        var records: [LocationRecord] = []
        for day in TinyTown.monday..<(TinyTown.monday + 7) {
            for hour in stride(from: 0.25, to: 7.5, by: 1.0) { records.append(TinyTown.record(day, hour, 3)) }
            records.append(TinyTown.record(day, 2.5, 4))
            for hour in stride(from: 21.25, to: 24, by: 1.0) { records.append(TinyTown.record(day, hour, 3)) }
        }
        let compiled = CompiledCatalog(catalog, reference: reference)
        let states = TinyTown.panorama(records.sorted { $0.time < $1.time }, catalog: catalog, reference: reference)
        let home = try #require(states.first?.anchor(.home))
        #expect(reference.places[Int(home.place)].id == "EST-N")
        #expect(home.placeShare == 1)
        #expect(states[0].tags.map { compiled.paths[Int($0.path)] }.contains("demographic/income/high"))
    }

    @Test func aShopAssistantsWorkplaceIsTheCinemaWhereNoOfficeIsServed() throws {
        // The office worker's week, with the workdays spent at the cinema's cell (C7) instead.
        let week = TinyTown.officeWorkerWeek().map { record in
            record.cell == 4 ? LocationRecord(subscriber: record.subscriber, time: record.time, cell: 7) : record
        }
        let state = try #require(TinyTown.panorama(week, catalog: catalog).first)
        let work = try #require(state.anchor(.work))
        #expect(work.cell == 7)
        #expect(TinyTown.reference.places[Int(work.place)].id == "CIN-1")
        #expect(!TinyTown.tagPaths(state, catalog).contains("demographic/occupation/white_collar"))

        let withoutFallback = try CatalogParser.parse(
            DefaultCatalog.text.replacingOccurrences(of: "fallback_place_types: [shopping_mall, cinema, commercial_street, wholesale_market]", with: ""),
            file: "custom.yaml")
        let placeless = try #require(TinyTown.panorama(week, catalog: withoutFallback).first?.anchor(.work))
        #expect(placeless.cell == 7)
        #expect(placeless.place == -1, "a cinema is not among the work anchor's own place types")
    }

    @Test func anOfficeWorkerBesideAMallKeepsTheOffice() throws {
        let mall = Place(
            id: "MAL-1", name: "Tower Mall", type: .shoppingMall, coordinate: TinyTown.coordinate(4), radiusMeters: 300,
            coveringCells: ["C4"], attributes: [:])
        let reference = TinyTown.reference(adding: [mall])
        let states = TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: catalog, reference: reference)
        let work = try #require(states.first?.anchor(.work))
        #expect(reference.places[Int(work.place)].id == "OFC-1")
        #expect(work.placeShare == 1, "the mall is no candidate while an office covers the cell")
    }

    /// An estate whose cells include one of a campus's: a student sleeping in the estate's
    /// cell and studying in the shared one studies on campus; a neighbour at home all day
    /// does not work there.
    @Test func aStudentBesideTheirEstateStudiesOnCampusWhileANeighbourAtHomeHasNoWork() throws {
        let estate = Place(
            id: "EST-2", name: "Campus View", type: .residentialEstate, coordinate: TinyTown.coordinate(0), radiusMeters: 600,
            coveringCells: ["C0", "C1"], attributes: [:])
        let campus = Place(
            id: "UNI-1", name: "River University", type: .university, coordinate: TinyTown.coordinate(1), radiusMeters: 300,
            coveringCells: ["C1"], attributes: [:])
        let reference = ReferenceIndex(
            cells: TinyTown.cells, regions: TinyTown.regions, places: [estate, campus], events: [], offset: TinyTown.offset,
            defaultRadiationMeters: 2_000)
        func week(dayCell: UInt32, subscriber: UInt32) -> [LocationRecord] {
            var records: [LocationRecord] = []
            for day in TinyTown.monday..<(TinyTown.monday + 7) {
                for hour in stride(from: 0.25, to: 24, by: 1.0) {
                    let cell: UInt32 = day - TinyTown.monday < 5 && (8.5...17.5).contains(hour) ? dayCell : 0
                    records.append(TinyTown.record(day, hour, cell, subscriber: subscriber))
                }
            }
            return records
        }
        let compiled = CompiledCatalog(catalog, reference: reference)
        let states = TinyTown.panorama(week(dayCell: 1, subscriber: 0) + week(dayCell: 0, subscriber: 1), catalog: catalog, reference: reference)
        let student = try #require(states.first)
        #expect(reference.places[Int(try #require(student.anchor(.home)).place)].id == "EST-2")
        let study = try #require(student.anchor(.work))
        #expect(study.cell == 1 && reference.places[Int(study.place)].id == "UNI-1")
        #expect(student.tags.contains { compiled.paths[Int($0.path)] == "demographic/occupation/college_student" })
        #expect(states[1].anchor(.home)?.cell == 0)
        #expect(states[1].anchor(.work) == nil, "a weekday at home is not a workday")
    }

    /// A wholesale market beside the hospital, north of it towards C3, shares its cell C2.
    static let market = Place(
        id: "WHM-1", name: "North Market", type: .wholesaleMarket, coordinate: Coordinate(latitude: 23.1 + 2.5 * 0.0081, longitude: 113.3),
        radiusMeters: 400, coveringCells: ["C2", "C3"], attributes: [:])

    @Test func theGroundShareSaysWhichPlaceTheCellsServe() throws {
        let alone = TinyTown.reference
        let hospital = try #require(alone.places.firstIndex { $0.id == "HOS-1" })
        #expect(alone.groundShare(of: hospital, cell: 2, partner: 3) == 1, "the only place on its cell")
        let twin = Place(
            id: "HOS-2", name: "City Hospital Annex", type: .generalHospital, coordinate: TinyTown.coordinate(2), radiusMeters: 200,
            coveringCells: ["C2"], attributes: [:])
        let twins = ReferenceIndex(
            cells: TinyTown.cells, regions: TinyTown.regions, places: TinyTown.places + [twin], events: [], offset: TinyTown.offset,
            defaultRadiationMeters: 2_000)
        #expect(twins.groundShare(of: hospital, cell: 2, partner: 1) == 0.5, "two places on the same ground split it")
        let market = ReferenceIndex(
            cells: TinyTown.cells, regions: TinyTown.regions, places: TinyTown.places + [Self.market], events: [], offset: TinyTown.offset,
            defaultRadiationMeters: 2_000)
        #expect(market.groundShare(of: hospital, cell: 2, partner: 1) == 1, "the market reaches no ground where C2 ping-pongs to C1")
        let marketSide = market.groundShare(of: hospital, cell: 2, partner: 3)
        let cellAlone = market.groundShare(of: hospital, cell: 2, partner: -1)
        #expect(marketSide > 0 && marketSide < cellAlone && cellAlone < 1, "the market holds most of C2's ground towards C3")
    }

    /// Two hospital mornings, both in the hospital's cell C2: one ping-ponging to C1 on the
    /// hospital's far side, one to C3 on the market's side. Only the first is a visit when
    /// the rule asks the hospital to hold half the ground the stay's cells serve.
    @Test func aStayOnTheMarketsSideOfAHospitalsCellIsNoVisit() throws {
        let reference = ReferenceIndex(
            cells: TinyTown.cells, regions: TinyTown.regions, places: TinyTown.places + [Self.market], events: [], offset: TinyTown.offset,
            defaultRadiationMeters: 2_000)
        let text = DefaultCatalog.text.replacingOccurrences(of: "min_place_share: 0.2         # not the market", with: "min_place_share: 0.5         # not the market")
        #expect(text != DefaultCatalog.text)
        let strict = try CatalogParser.parse(text, file: "custom.yaml")
        func hospitalTags(partner: UInt32, catalog: TagCatalog) throws -> [String] {
            let saturday = TinyTown.monday + 5
            let week = TinyTown.officeWorkerWeek().filter { record in
                let day = (Int64(record.time) + Int64(TinyTown.offset.seconds)) / 86_400
                return !(day == saturday && record.cell == 2)
            }
            let visit = [(9.0, 2), (9.4, partner), (9.6, 2), (10.3, 2)].map { TinyTown.record(saturday, $0.0, UInt32($0.1)) }
            let compiled = CompiledCatalog(catalog, reference: reference)
            let states = TinyTown.panorama(week + visit, catalog: catalog, reference: reference)
            let state = try #require(states.first)
            return state.tags.filter { $0.status == .active }.map { compiled.paths[Int($0.path)] }.filter { $0.hasPrefix("preference/health/") }
        }
        #expect(try hospitalTags(partner: 1, catalog: strict) == ["preference/health/general"])
        #expect(try hospitalTags(partner: 3, catalog: strict) == [], "the market holds most of the ground C2 and C3 serve")
        let lenient = try CatalogParser.parse(
            DefaultCatalog.text.replacingOccurrences(of: "min_place_share: 0.2         # not the market", with: "# not the market"), file: "custom.yaml")
        #expect(try hospitalTags(partner: 3, catalog: lenient) == ["preference/health/general"], "without the share, any stay in C2 visits")
    }

    /// A cinema inside the stadium's cell C6, on its northern edge towards C7. On the match
    /// evening, a stay in C6 ping-ponging to C7 is at the cinema, one ping-ponging to C5 at
    /// the match; with `one_place_per_stay: false` both are at both.
    @Test func aStayCountsForThePlaceThatBestExplainsItsCells() throws {
        let cinema = Place(
            id: "CIN-2", name: "Stadium Cinema", type: .cinema, coordinate: Coordinate(latitude: 23.1 + 6.35 * 0.0081, longitude: 113.3),
            radiusMeters: 60, coveringCells: ["C6"], attributes: [:])
        let reference = TinyTown.reference(adding: [cinema])
        func eveningTags(partner: UInt32, catalog: TagCatalog) throws -> [String] {
            let evening = TinyTown.record(TinyTown.monday + 2, 20.4, partner)
            let compiled = CompiledCatalog(catalog, reference: reference)
            let states = TinyTown.panorama(TinyTown.officeWorkerWeek() + [evening], catalog: catalog, reference: reference)
            let state = try #require(states.first)
            return state.tags.filter { $0.status == .active }.map { compiled.paths[Int($0.path)] }
                .filter { $0.hasPrefix("preference/sport/") || $0.hasPrefix("preference/movie/") }.sorted()
        }
        #expect(try eveningTags(partner: 7, catalog: catalog) == ["preference/movie/cinema"])
        #expect(try eveningTags(partner: 5, catalog: catalog) == ["preference/sport/football"])
        // Both places lie wholly in C6: by the cell alone they tie, and both keep the stay.
        #expect(try eveningTags(partner: 6, catalog: catalog) == ["preference/movie/cinema", "preference/sport/football"])
        let everyPlace = try CatalogParser.parse(
            DefaultCatalog.text.replacingOccurrences(of: "one_place_per_stay: true ", with: "one_place_per_stay: false"), file: "custom.yaml")
        #expect(!everyPlace.settings.onePlacePerStay)
        #expect(try eveningTags(partner: 7, catalog: everyPlace) == ["preference/movie/cinema", "preference/sport/football"])
    }

    @Test func aTagAddedToTheCatalogIsProducedWithoutCodeChanges() throws {
        let text = DefaultCatalog.text + """

              - path: preference/sport/stadium_goer
                source: visit
                place_types: [stadium]
                window: "18:00-23:00"
                min_dwell: 60m
                description: Spends an evening at a stadium
            """
        let custom = try CatalogParser.parse(text, file: "custom.yaml")
        let state = try #require(TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: custom).first)
        #expect(TinyTown.tagPaths(state, custom).contains("preference/sport/stadium_goer"))
        let usual = try #require(TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: catalog).first)
        #expect(!TinyTown.tagPaths(usual, catalog).contains("preference/sport/stadium_goer"))
    }

    @Test func tagsExpireAfterTheirValidityAndEndedTagsAreKept() throws {
        let lastDay = TinyTown.monday + 6
        let later = try #require(TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: catalog, asOf: lastDay + 200).first)
        #expect(TinyTown.tagPaths(later, catalog, status: .expired) == ["preference/health/general"], "valid 180 days")
        #expect(TinyTown.tagPaths(later, catalog).contains("preference/sport/football"), "valid 365 days")

        // A catalog without the hospital rule: the tag an earlier build gave is kept as ended.
        var state = try #require(TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: catalog).first)
        let compiled = TinyTown.compiled(catalog)
        state.tallies.removeAll { $0.kind == .tag || $0.kind == .tagAtCell }
        var assembler = PanoramaAssembler(reference: TinyTown.reference, compiled: compiled)
        assembler.assemble(&state, asOf: lastDay)
        #expect(TinyTown.tagPaths(state, catalog, status: .ended) == ["preference/health/general", "preference/sport/football"])
    }
}
