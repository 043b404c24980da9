import Foundation
import PanoramaModel
import PanoramaTestSupport
import Testing

@testable import PanoramaRisk

@Suite struct KeyMomentTests {
    @Test func momentsFromTheLedgerWithEvidenceAndAction() throws {
        var builder = LedgerBuilder(subscribers: 3, months: 3)
        for subscriber in 0..<3 { builder.billEveryMonth(subscriber, arpu: 38) }
        builder.bill(0, month: 1, arpu: 60, data: 6000)
        builder.handsets += [
            (0, HandsetSighting(time: 100, day: LedgerBuilder.day(2026, 1, 1), device: 86_769_405_000_001)),
            (0, HandsetSighting(time: 200, day: LedgerBuilder.day(2026, 1, 9), device: 86_769_405_000_001)),
            (0, HandsetSighting(time: 300, day: LedgerBuilder.day(2026, 2, 3), device: 35_332_811_000_009)),
        ]
        builder.contractEnd[1] = LedgerBuilder.day(2026, 3, 20)
        builder.contractEnd[2] = LedgerBuilder.day(2027, 3, 20)
        builder.complaints += [
            (2, ComplaintFact(time: 400, day: LedgerBuilder.day(2026, 2, 10), category: .broadband, resolvedTime: .max)),
            (2, ComplaintFact(time: 500, day: LedgerBuilder.day(2026, 2, 11), category: .billing, resolvedTime: 600)),
        ]
        let moments = MomentDetector(ledger: builder.ledger, calls: nil, utcOffset: 0).detect(through: LedgerBuilder.day(2026, 3, 31))
        let byKind = Dictionary(grouping: moments, by: \.kind)
        let handset = try #require(byKind[.handsetChange]?.first)
        #expect(byKind[.handsetChange]?.count == 1, "the same IMEI seen again is no change")
        #expect(handset.subscriber == 0 && handset.time == 300)
        #expect(handset.evidence == "a handset of type 35332811 in use, after one of type 86769405 seen since 2026-01-09")
        let overflow = try #require(byKind[.quotaOverflow]?.first)
        #expect(overflow.time == Int64(LedgerBuilder.day(2026, 2, 28)) * 86_400 + 86_399)
        #expect(overflow.evidence == "6000 MB used in 2026-02 against a quota of 5120 MB")
        let contract = try #require(byKind[.contractEnding]?.first)
        #expect(byKind[.contractEnding]?.count == 1, "a contract ending next year gives no moment yet")
        #expect(contract.subscriber == 1 && contract.time == Int64(LedgerBuilder.day(2026, 2, 18)) * 86_400)
        #expect(contract.action == "offer a renewal before the contract ends")
        #expect(byKind[.serviceFault]?.map(\.evidence) == ["a broadband complaint, still open"])
        #expect(moments.map(\.time) == moments.map(\.time).sorted())
    }

    /// Subscriber 0 calls three times a day and falls silent for the last ten days; subscriber
    /// 1 calls once a week (too rarely to tell a silence); subscriber 2 calls every day.
    @Test func silenceIsAFallToAlmostNoCalls() throws {
        let first = LedgerBuilder.day(2026, 4, 1)
        var records: [InteractionRecord] = []
        func calls(_ owner: UInt32, day: Int32, count: Int) {
            for second in 0..<count {
                records.append(InteractionRecord(owner: owner, other: 9, time: UInt32(Int64(day) * 86_400 + Int64(second)), kind: .voice, outgoing: true, duration: 30))
            }
        }
        for day in first..<(first + 30) {
            calls(0, day: day, count: day < first + 20 ? 3 : 0)
            calls(1, day: day, count: (day - first) % 7 == 0 ? 1 : 0)
            calls(2, day: day, count: 2)
            // Incoming calls and texts do not break a silence.
            records.append(InteractionRecord(owner: 0, other: 9, time: UInt32(Int64(day) * 86_400 + 50_000), kind: .voice, outgoing: false, duration: 30))
            records.append(InteractionRecord(owner: 0, other: 9, time: UInt32(Int64(day) * 86_400 + 50_001), kind: .sms, outgoing: true, duration: 0))
        }
        let all = records
        let (_, callDays) = try CallRecords.read(
            subscribers: 3, partitions: 2, periods: 1, period: { _ in 0 }, day: { Int32(Int64($0) / 86_400) },
            partition: { partition in all.filter { Int($0.owner) % 2 == partition } })
        #expect(callDays.dailyRun == first...(first + 29))
        let silence = try #require(callDays.silence(of: 0, minimumDays: 7, until: .max))
        #expect(silence.from == first + 20 && silence.days == 10 && silence.usualPerDay == 3)
        #expect(callDays.silence(of: 1, minimumDays: 7, until: .max) == nil)
        #expect(callDays.silence(of: 2, minimumDays: 7, until: .max) == nil)
        #expect(callDays.silence(of: 0, minimumDays: 11, until: .max) == nil, "ten quiet days are not eleven")
        // Someone who left on the 25th is silent for the five days before only.
        #expect(callDays.silence(of: 0, minimumDays: 7, until: first + 24) == nil)

        var builder = LedgerBuilder(subscribers: 3, months: 4)
        for subscriber in 0..<3 { builder.billEveryMonth(subscriber, arpu: 38) }
        let moments = MomentDetector(ledger: builder.ledger, calls: callDays, utcOffset: 0).detect(through: first + 29)
        let silent = moments.filter { $0.kind == .voiceSilence }
        #expect(silent.map(\.subscriber) == [0])
        #expect(silent.first?.evidence == "almost no calls for 10 days from 2026-04-21, against 3.0 a day before")
    }

    @Test func aChurnScoreJumpIntoTheWarningTenth() {
        var builder = LedgerBuilder(subscribers: 3, months: 2)
        for subscriber in 0..<3 { builder.billEveryMonth(subscriber, arpu: 38) }
        let month = CalendarMonth(year: 2026, month: 2)!
        let moments = MomentDetector(ledger: builder.ledger, calls: nil, utcOffset: 0).detect(
            through: LedgerBuilder.day(2026, 2, 28),
            scores: (month, current: [0: 0.30, 1: 0.31, 2: 0.01], previous: [0: 0.05, 1: 0.20, 2: 0.001], warningFrom: 0.25))
        #expect(moments.map(\.subscriber) == [0], "1 was already high; 2 doubled but is not warned")
        #expect(moments.first?.evidence == "churn score 0.300 at the end of 2026-02, up from 0.050")
    }
}
