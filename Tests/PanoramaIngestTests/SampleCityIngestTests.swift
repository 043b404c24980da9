import Foundation
import PanoramaIngest
import PanoramaModel
import PanoramaSimulation
import PanoramaStore
import PanoramaTestSupport
import Testing

@Suite struct SampleCityIngestTests {
    @Test func loadsEveryFileOfTheSampleCity() throws {
        let temporary = try TemporaryDirectory()
        let input = temporary.path("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try SampleCity(subscribers: 60, days: 1).write(to: input)
        let workspace = try Workspace.create(at: temporary.path("workspace"), configuration: WorkspaceConfiguration(partitions: 4))
        let report = try Ingest.run(workspace: workspace, input: input, options: Ingest.Options(workers: 2))

        #expect(report.files.map(\.kind) == InputKind.allCases.filter { $0 != .channels })
        let status = try workspace.status()
        #expect(status.regionsByLevel == ["branch": 1, "center": 2, "area": 4, "store": 8])
        #expect(status.cells == 80)
        #expect(status.places == 8)
        #expect(status.events == 2)
        #expect(status.products == 7)
        #expect(status.channels == Channel.defaults.count)
        #expect(status.subscribers == 60)
        #expect(status.usageMonths == 180)

        let locations = try #require(report.files.first { $0.kind == .locations })
        #expect(locations.rejected == SampleCity.badLocationRows)
        #expect(locations.accepted == locations.read - SampleCity.badLocationRows)
        #expect(status.locationRecords == locations.accepted)
        #expect(locations.rejectedByReason == [.unknownCell: 1, .invalidTimestamp: 1, .wrongColumnCount: 1])
        let rejects = try rejectReport(workspace.layout.rejects.appendingPathComponent("locations.csv"))
        #expect(rejects.count == 3)
        #expect(rejects[0] == "\(locations.read - 1),unknown cell,cell C-UNKNOWN is not a known cell")
        #expect(rejects[2] == "\(locations.read + 1),wrong column count,2 columns where the header has 3")

        let interactions = try #require(report.files.first { $0.kind == .interactions })
        #expect(interactions.rejected == 0)
        #expect(status.interactionRecords == interactions.recordsWritten)
        #expect(status.externalParties > 0)
    }

    @Test func recordsLandInTheirSubscribersPartitionWithTheRightCells() throws {
        let temporary = try TemporaryDirectory()
        let input = temporary.path("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try SampleCity(subscribers: 20, days: 1, includeBadRows: false).write(to: input)
        let workspace = try Workspace.create(at: temporary.path("workspace"), configuration: WorkspaceConfiguration(partitions: 3))
        _ = try Ingest.run(workspace: workspace, input: input)
        let subscriber = try #require(try workspace.subscriber(number: SampleCity.number(4)))
        let partition = Int(subscriber.index) % 3
        let mine = try workspace.records(LocationRecord.self, partition: partition).filter { $0.subscriber == subscriber.index }
        // Subscriber 4 spends the night in its home cell and a weekday's office hours at work.
        let night = mine.filter { ($0.time + 8 * 3600) % 86_400 < 6 * 3600 }
        let office = mine.filter { (10 * 3600..<17 * 3600).contains(($0.time + 8 * 3600) % 86_400) }
        #expect(!night.isEmpty && !office.isEmpty)
        #expect(Set(night.map(\.cell)).count == 1)
        #expect(Set(office.map(\.cell)).count == 1)
        #expect(night.first?.cell != office.first?.cell)
    }

    @Test func noFullNumberIsWrittenAnywhereInTheWorkspace() throws {
        let temporary = try TemporaryDirectory()
        let input = temporary.path("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try SampleCity(subscribers: 30, days: 1).write(to: input)
        let workspace = try Workspace.create(at: temporary.path("workspace"))
        _ = try Ingest.run(workspace: workspace, input: input)
        let numbers = (0..<30).map { Array(SampleCity.number($0).utf8) } + (0..<5).map { Array(SampleCity.externalNumber($0).utf8) }
        let root = workspace.layout.root
        var scanned = 0
        for case let path as String in FileManager.default.enumerator(atPath: root.path) ?? .init() {
            let url = root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            scanned += 1
            let bytes = Array(data)
            for number in numbers {
                #expect(!contains(bytes, number), "\(path) holds a full subscriber number")
            }
        }
        #expect(scanned > 5)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
