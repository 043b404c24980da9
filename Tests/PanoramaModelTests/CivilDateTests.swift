import PanoramaModel
import Testing

@Suite struct CivilDateTests {
    @Test func knownDaysSinceEpoch() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
        #expect(CivilDate(year: 2026, month: 11, day: 22)!.daysSinceEpoch == 20_779)
        #expect(CivilDate(year: 1969, month: 12, day: 31)!.daysSinceEpoch == -1)
    }

    @Test func roundTripsEveryDayOfFourCenturies() {
        for days in stride(from: -146_097, through: 146_097, by: 1) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
        }
    }

    @Test func rejectsImpossibleDates() {
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
    }

    @Test func readsAndWritesText() {
        #expect(CivilDate(text: "2026-11-02")?.description == "2026-11-02")
        #expect(CivilDate(text: "2026-1-02") == nil)
        #expect(CivilDate(text: "2026/11/02") == nil)
        #expect(CivilDate(text: "2026-11-31") == nil)
        #expect(CalendarMonth(text: "2026-09")?.description == "2026-09")
        #expect(CalendarMonth(text: "2026-13") == nil)
    }
}
