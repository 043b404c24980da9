import Testing

@testable import PanoramaModel

@Suite struct UTCOffsetDayTests {
    @Test func localDaysAndTimesFollowTheOffset() {
        let guangzhou = UTCOffset.chinaStandardTime
        // 2026-11-01T16:00:00Z is midnight on the 2nd in Guangzhou.
        let midnight: Int64 = 1_793_548_800
        #expect(guangzhou.localDay(of: midnight) == Int32(CivilDate(year: 2026, month: 11, day: 2)!.daysSinceEpoch))
        #expect(guangzhou.localDay(of: midnight - 1) == Int32(CivilDate(year: 2026, month: 11, day: 1)!.daysSinceEpoch))
        #expect(guangzhou.start(ofDay: guangzhou.localDay(of: midnight)) == midnight)
        #expect(guangzhou.isoTime(midnight + 8 * 3600 + 15 * 60 + 7) == "2026-11-02T08:15:07+08:00")
        #expect(UTCOffset(seconds: 0).localDay(of: -1) == -1, "before 1970 rounds down, not towards zero")
        #expect(UTCOffset(seconds: -5 * 3600).isoTime(0) == "1969-12-31T19:00:00-05:00")
        #expect(CalendarMonth(year: 2026, month: 2)!.lastDay == Int32(CivilDate(year: 2026, month: 2, day: 28)!.daysSinceEpoch))
    }
}
