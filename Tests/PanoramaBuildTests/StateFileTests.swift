import Foundation
import PanoramaEngine
import PanoramaModel
import PanoramaTestSupport
import Testing

@testable import PanoramaBuild

struct StateFileTests {
    func sample() -> [SubscriberState] {
        var state = SubscriberState(subscriber: 3)
        state.records = 12
        state.observedDays = 2
        state.count(.night, key: 4, day: 20_400)
        state.count(.offDayTag, key: 2, day: 20_400)
        state.count(.offDayTagAtCell, key: 2, cell: 5, day: 20_400)
        state.anchors = [Anchor(kind: .home, cell: 4, place: 1, days: 2, first: 20_399, last: 20_400, confidence: 1)]
        state.tags = [TagRecord(path: 2, status: .active, support: 2, first: 20_399, last: 20_400, evidence: 1, confidence: 0.75)]
        // Unseen early hours, then runs of hours in one cell, some contested.
        state.typicalDay = (0..<TypicalHour.slots).map { (slot: Int) -> TypicalHour in
            guard slot % 24 >= 2 else { return TypicalHour() }
            let days = UInt8(slot % 24)
            let otherDays = days % 3
            return TypicalHour(cell: Int32(slot / 10), days: days, otherCell: otherDays > 0 ? Int32(slot % 5) : -1, otherDays: otherDays, seen: days + otherDays + 1)
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

    @Test func aTypicalDayIsPackedWhereHoursRepeatTheirCell() {
        let home = TypicalHour(cell: 12, days: 9, seen: 10)
        let work = TypicalHour(cell: 40, days: 7, otherCell: 41, otherDays: 2, seen: 10)
        let day = Array(repeating: home, count: 9) + Array(repeating: work, count: 10) + Array(repeating: home, count: 5)
        let hours = day + Array(repeating: TypicalHour(), count: 24)
        // The count, 2 bytes an hour, 4 for each change of cell and 5 for each contested hour; 1 per unseen hour.
        #expect(StateFile.typicalDaySize(hours) == 1 + 24 * 2 + 3 * 4 + 10 * 5 + 24)
        #expect(StateFile.typicalDaySize([]) == 1)
    }

    @Test func aTypicalDayCutShortIsReportedAsDamage() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("p0000.state")
        try StateFile.write(Array(sample().prefix(1)), partition: 0, to: url)
        let bytes = try Data(contentsOf: url)
        try bytes.dropLast(3).write(to: url)
        #expect(throws: PanoramaBuildError.damaged(path: url.path, reason: "a typical day is cut short, the wrong length or inconsistent")) {
            try StateFile.read(url)
        }
    }

    @Test func aTypicalHourWithMoreDaysThanSeenIsReportedAsDamage() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("p0000.state")
        var state = sample()[1]
        state.typicalDay = Array(repeating: TypicalHour(cell: 4, days: 9, seen: 5), count: TypicalHour.slots)
        try StateFile.write([state], partition: 0, to: url)
        #expect(throws: PanoramaBuildError.damaged(path: url.path, reason: "a typical day is cut short, the wrong length or inconsistent")) {
            try StateFile.read(url)
        }
        #expect(TypicalHour(cell: 4, days: 3, otherCell: 7, otherDays: 2, seen: 5).isConsistent)
        #expect(!TypicalHour(cell: 4, days: 1, seen: TypicalHour.window).isConsistent)
        #expect(!TypicalHour(cell: -1, days: 1, seen: 2).isConsistent)
    }

    /// The dictionary of a town of six cells in a row with an estate and an office.
    func dictionary(partitions: Int = 1) throws -> BuildDictionary {
        func at(_ cell: Int) -> Coordinate { Coordinate(latitude: 23.1 + Double(cell) * 0.008, longitude: 113.3) }
        let regions = [
            Region(id: "BR-1", name: "Branch", level: .branch, parent: nil),
            Region(id: "ST-1", name: "Store", level: .store, parent: "BR-1", coordinate: at(0), radiationRadiusMeters: 1_000),
        ]
        let cells = (0..<6).map { Cell(id: "C\($0)", site: "S\($0)", coordinate: at($0), store: "ST-1") }
        let places = [
            Place(id: "EST-1", name: "Pine Court", type: .residentialEstate, coordinate: at(0), radiusMeters: 200, coveringCells: ["C0"], attributes: [:]),
            Place(id: "OFC-1", name: "Tower One", type: .officeTower, coordinate: at(4), radiusMeters: 80, coveringCells: ["C4"], attributes: [:]),
        ]
        let reference = ReferenceIndex(
            cells: cells, regions: regions, places: places, events: [], offset: .chinaStandardTime, defaultRadiationMeters: 2_000)
        return BuildDictionary(
            compiled: CompiledCatalog(try DefaultCatalog.load(), reference: reference), reference: reference, referenceDigest: "",
            asOfDay: 20_400, partitions: partitions)
    }

    @Test func statesReferringPastTheirGenerationsTablesAreReportedAsDamage() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("p0000.state")
        let dictionary = try dictionary()
        try StateFile.write(sample(), partition: 0, to: url)
        #expect(try StateFile.read(url, partition: 0, dictionary: dictionary) == sample())

        func damage(_ change: (inout SubscriberState) -> Void) throws -> String? {
            var states = sample()
            change(&states[0])
            try StateFile.write(states, partition: 0, to: url)
            do {
                _ = try StateFile.read(url, partition: 0, dictionary: dictionary)
                return nil
            } catch PanoramaBuildError.damaged(_, let reason) {
                return reason
            }
        }
        #expect(try damage { $0.anchors[0].cell = 6 } == "subscriber 3: an anchor refers to cell 6 of 6")
        #expect(try damage { $0.anchors[0].place = 2 } == "subscriber 3: an anchor refers to place 2 of 2")
        #expect(try damage { $0.count(.work, key: 99, day: 20_400) } == "subscriber 3: a tally refers to entry 99 of 6")
        #expect(try damage { $0.count(.offDayTagAtCell, key: 2, cell: 6, day: 20_400) } == "subscriber 3: a tally refers to cell 6 of 6")
        #expect(try damage { $0.tags[0].evidence = Tally.eventBit } == "subscriber 3: a tag's evidence \(Tally.eventBit) is no place or event")
        #expect(try damage { $0.tags[0].path = Int32(dictionary.paths.count) } == "subscriber 3: a tag refers to path \(dictionary.paths.count) of \(dictionary.paths.count)")
        #expect(try damage { $0.typicalDay[30].cell = 7 } == "subscriber 3: a typical hour refers to cell 7 of 6")
        #expect(try damage { $0.subscriber = 4 } == nil, "one partition holds everyone")
        let split = try self.dictionary(partitions: 2)
        try StateFile.write(sample(), partition: 0, to: url)
        #expect(throws: PanoramaBuildError.damaged(path: url.path, reason: "subscriber 3: it belongs to another partition")) {
            try StateFile.read(url, partition: 0, dictionary: split)
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

    @Test func aStateFileWithUnpackedTypicalDaysIsStillRead() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("p0000.state")
        var state = sample()[1]
        try StateFile.write([state], partition: 0, to: url)
        // Format 04 wrote the 48 hours in full: cell, days, other cell, other days, seen.
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes.replaceSubrange(0..<8, with: StateFile.magicWithUnpackedTypicalDay)
        bytes[bytes.count - 1] = UInt8(TypicalHour.slots)
        state.typicalDay = (0..<TypicalHour.slots).map { TypicalHour(cell: Int32($0), days: 3, otherCell: -1, otherDays: 0, seen: 4) }
        for hour in state.typicalDay {
            withUnsafeBytes(of: hour.cell.littleEndian) { bytes += $0 }
            bytes += [hour.days]
            withUnsafeBytes(of: hour.otherCell.littleEndian) { bytes += $0 }
            bytes += [hour.otherDays, hour.seen]
        }
        try Data(bytes).write(to: url)
        #expect(try StateFile.read(url) == [state])
    }
}

@Suite(.serialized) struct DamagedStateBuildTests {
    @Test func anIncrementalBuildReportsAStateOfASubscriberTheWorkspaceDoesNotHave() throws {
        let city = try TwoStepCity(subscribers: 300, days: 3)
        let build = try #require(try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run().build)
        let file = city.workspace.layout.generation(build.id).appendingPathComponent(StateFile.name(partition: 0))
        var states = try StateFile.read(file)
        let stray = city.workspace.configuration.partitions * 1_000_000
        states[states.count - 1].subscriber = UInt32(stray)
        try StateFile.write(states, partition: 0, to: file)
        try city.ingestLastDay()
        #expect(throws: PanoramaBuildError.damaged(path: file.path, reason: "subscriber \(stray): it is not one of the workspace's 300")) {
            try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        }
        #expect(try city.workspace.latestBuild()?.id == build.id, "the previous panorama stays current")
    }
}
