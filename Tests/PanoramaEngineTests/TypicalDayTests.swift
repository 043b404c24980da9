import PanoramaModel
import Testing

@testable import PanoramaEngine

struct TypicalDayTests {
    let catalog: TagCatalog

    init() throws {
        catalog = try DefaultCatalog.load()
    }

    func hour(_ state: SubscriberState, _ hour: Int, weekday: Int) -> TypicalHour {
        state.typicalDay[TypicalHour.slot(hour: hour, weekday: weekday)]
    }

    @Test func anOfficeWorkersWeekdaysAreHomeAtNightAndTheOfficeByDay() throws {
        let state = try #require(TinyTown.panorama(TinyTown.officeWorkerWeek(), catalog: catalog).first)
        #expect(state.typicalDay.count == TypicalHour.slots)
        #expect(hour(state, 3, weekday: 0) == TypicalHour(cell: 0, days: 5, seen: 5))
        #expect(hour(state, 12, weekday: 0) == TypicalHour(cell: 4, days: 5, seen: 5))
        // Wednesday evening at the match: home keeps the hour with its four days.
        #expect(hour(state, 20, weekday: 0) == TypicalHour(cell: 0, days: 4, otherCell: 6, otherDays: 1, seen: 5))
        #expect(hour(state, 20, weekday: 0).leader?.cell == 0)
        #expect(hour(state, 3, weekday: 6) == TypicalHour(cell: 0, days: 2, seen: 2))
        // Saturday morning at the hospital; Sunday's records are all at home, so Sunday is one
        // stay there.
        #expect(hour(state, 9, weekday: 5) == TypicalHour(cell: 2, days: 1, otherCell: 0, otherDays: 1, seen: 2))
        // Saturday afternoon is unseen (the hospital's last record holds an hour): Sunday alone votes.
        #expect(hour(state, 13, weekday: 5) == TypicalHour(cell: 0, days: 1, seen: 1))
    }

    @Test func aPassageOfMinutesDoesNotVote() throws {
        // At home until 07:00, then a single record on the way at 07:40, then the office from 08:00.
        var records = (0..<7).map { TinyTown.record(TinyTown.monday, Double($0) + 0.1, 0) }
        records.append(TinyTown.record(TinyTown.monday, 7.66, 2))
        records += (8..<12).map { TinyTown.record(TinyTown.monday, Double($0) + 0.05, 4) }
        let state = try #require(TinyTown.panorama(records, catalog: catalog).first)
        #expect(state.typicalDay.allSatisfy { $0.cell != 2 && $0.otherCell != 2 }, "a passage never holds an hour")
        #expect(hour(state, 7, weekday: 0) == TypicalHour(), "an hour on the move has no place")
        #expect(hour(state, 9, weekday: 0).leader?.cell == 4)
    }

    func voted(_ cells: [Int32], sites: [Int32] = Array(0..<10)) -> TypicalHour {
        var slot = TypicalHour()
        for cell in cells { slot.vote(for: cell) { sites[Int($0)] } }
        return slot
    }

    @Test func countsAreExactForTwoPlacesAndNeverOverstated() {
        #expect(voted([3, 3, 3, 8, 8]) == TypicalHour(cell: 3, days: 3, otherCell: 8, otherDays: 2, seen: 5))
        #expect(voted([8, 3, 3, 8, 3]).leader! == (3, 3), "the order of days does not matter")
        // A third place takes a day from both; the place held on most days still leads.
        let contested = voted([7, 7, 9, 7, 5, 5, 5, 5])
        #expect(contested == TypicalHour(cell: 7, days: 2, otherCell: 5, otherDays: 3, seen: 8))
        #expect(contested.leader! == (5, 3))
    }

    @Test func sectorsOfOneSiteAreOnePlace() {
        // Cells 4 and 5 are two sectors of site 2.
        let slot = voted([4, 5, 4, 5, 9], sites: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
        #expect(slot == TypicalHour(cell: 4, days: 4, otherCell: 9, otherDays: 1, seen: 5))
    }

    @Test func aNewRoutineTakesOverWithinAMonth() {
        var slot = voted(Array(repeating: 1, count: 200))
        #expect(slot.seen < TypicalHour.window, "counts are halved as days pass")
        #expect(slot.leader?.cell == 1)
        for _ in 0..<20 { slot.vote(for: 2) { $0 } }
        #expect(slot.leader?.cell == 1, "three weeks of a new home do not outweigh months of the old")
        for _ in 0..<20 { slot.vote(for: 2) { $0 } }
        #expect(slot.leader?.cell == 2)
    }

    @Test func noRecordsGiveNoTypicalDayAndOneRecordHoldsItsHour() throws {
        #expect(SubscriberState(subscriber: 0).typicalDay.isEmpty)
        let single = try #require(TinyTown.panorama([TinyTown.record(TinyTown.monday, 3, 0)], catalog: catalog).first)
        #expect(single.typicalDay.count == TypicalHour.slots)
        #expect(hour(single, 3, weekday: 0) == TypicalHour(cell: 0, days: 1, seen: 1))
        #expect(single.typicalDay.filter { $0 != TypicalHour() }.count == 1, "a record stands for its position an hour at most")
    }
}
