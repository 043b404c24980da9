import Foundation
import PanoramaModel
import PanoramaStore
import PanoramaTestSupport
import Testing

private struct Interrupted: Error {}

@Suite struct UpdateTests {
    private func region(_ id: String) -> Region { Region(id: id, name: id, level: .branch, parent: nil) }

    @Test func segmentsRoundTripThroughTheManifest() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temporary.path("city"), configuration: WorkspaceConfiguration(partitions: 4))
        let records = (0..<1000).map { (index: Int) -> LocationRecord in
            let time = UInt32(1_800_000_000 + index)
            return LocationRecord(subscriber: UInt32(index % 10), time: time, cell: UInt32(index % 7))
        }
        try workspace.update(input: "test") { update in
            let writer = update.segmentWriters(for: LocationRecord.self, workers: 1)[0]
            for record in records { try writer.append(record) }
        }
        var read: [LocationRecord] = []
        for partition in 0..<4 {
            let part = try workspace.records(LocationRecord.self, partition: partition)
            #expect(part.allSatisfy { Int($0.subscriber) % 4 == partition })
            read += part
        }
        #expect(Set(read) == Set(records))
        #expect(read.count == records.count)
        let segments = try workspace.segments(of: .location)
        #expect(segments.map(\.records).reduce(0, +) == 1000)
        #expect(segments.first { $0.partition == 0 }?.minTime == 1_800_000_000)
        #expect(try workspace.status().locationRecords == 1000)
    }

    @Test func aFailedUpdateLeavesNothingBehind() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("city")
        let workspace = try Workspace.create(at: url, configuration: WorkspaceConfiguration(partitions: 4))
        try workspace.update(input: "first") { update in try update.save(region("B1")) }
        let before = try workspace.status()
        #expect(throws: Interrupted.self) {
            try workspace.update(input: "second") { update in
                try update.save(region("B2"))
                let writer = update.segmentWriters(for: LocationRecord.self, workers: 1)[0]
                for index in 0..<100_000 {
                    try writer.append(LocationRecord(subscriber: UInt32(index), time: 1_800_000_000, cell: 0))
                }
                throw Interrupted()
            }
        }
        #expect(try workspace.status() == before)
        let files = FileManager.default.enumerator(atPath: url.appendingPathComponent("records").path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".seg") }
        #expect(files == [])
    }

    @Test func leftoversOfAKilledRunAreRemovedByTheNextUpdate() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("city")
        let workspace = try Workspace.create(at: url, configuration: WorkspaceConfiguration(partitions: 4))
        let orphanDirectory = url.appendingPathComponent("records/location/p0001")
        try FileManager.default.createDirectory(at: orphanDirectory, withIntermediateDirectories: true)
        let orphan = orphanDirectory.appendingPathComponent("i000001-dead-w0.seg")
        try Data(repeating: 7, count: 44).write(to: orphan)
        let staging = url.appendingPathComponent(".staging-dead")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        #expect(try workspace.status().locationRecords == 0)
        try workspace.update(input: "next") { update in try update.save(region("B1")) }
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
        #expect(!FileManager.default.fileExists(atPath: staging.path))
        #expect(try workspace.status().regionsByLevel == ["branch": 1])
    }

    @Test func oneWriterAtATime() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("city")
        let workspace = try Workspace.create(at: url)
        let second = try Workspace(opening: url)
        try workspace.update(input: "first") { _ in
            #expect(throws: WorkspaceError.busy(path: url.path)) {
                try second.update(input: "second") { _ in }
            }
        }
        try second.update(input: "after") { update in try update.save(region("B1")) }
        #expect(try second.status().ingests == 2)
    }
}
