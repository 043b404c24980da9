import Foundation
import PanoramaEngine
import PanoramaTestSupport
import Testing

@testable import PanoramaBuild

struct StateFileTests {
    func sample() -> [SubscriberState] {
        var state = SubscriberState(subscriber: 3)
        state.records = 12
        state.observedDays = 2
        state.count(.night, key: 4, day: 20_400)
        state.anchors = [Anchor(kind: .home, cell: 4, place: 1, days: 2, first: 20_399, last: 20_400, confidence: 1)]
        state.tags = [TagRecord(path: 2, status: .active, support: 2, first: 20_399, last: 20_400, evidence: 1, confidence: 0.75)]
        state.typicalDay = (0..<TypicalHour.slots).map { (slot: Int) -> TypicalHour in
            let days = UInt8(slot)
            return TypicalHour(cell: Int32(slot % 3), days: days, otherCell: Int32(slot % 5), otherDays: days / 2, seen: days + 1)
        }
        var withoutDay = SubscriberState(subscriber: 7)
        withoutDay.tags = state.tags
        return [state, withoutDay]
    }

    @Test func statesWithTheirTypicalDaysReadBackAsWritten() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("p0000.state")
        try StateFile.write(sample(), partition: 0, to: url)
        #expect(try StateFile.read(url) == sample())
    }

    @Test func aTypicalDayCutShortIsReportedAsDamage() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("p0000.state")
        try StateFile.write(Array(sample().prefix(1)), partition: 0, to: url)
        let bytes = try Data(contentsOf: url)
        try bytes.dropLast(3).write(to: url)
        #expect(throws: PanoramaBuildError.damaged(path: url.path, reason: "a typical day is cut short or the wrong length")) {
            try StateFile.read(url)
        }
    }

    @Test func aStateFileOfTheFormatBeforeTypicalDaysIsStillRead() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("p0000.state")
        var state = sample()[1]
        try StateFile.write([state], partition: 0, to: url)
        // Format 03 is format 04 without the typical day's count byte after each state.
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes.replaceSubrange(0..<8, with: StateFile.magicWithoutTypicalDay)
        bytes.removeLast()
        try Data(bytes).write(to: url)
        state.typicalDay = []
        #expect(try StateFile.read(url) == [state])
    }
}
