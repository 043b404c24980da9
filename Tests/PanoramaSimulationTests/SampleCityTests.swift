import Foundation
import PanoramaSimulation
import Testing

@Suite struct SampleCityTests {
    private func write(_ city: SampleCity) throws -> (URL, [String: Data]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try city.write(to: directory)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        try FileManager.default.removeItem(at: directory)
        return (directory, files)
    }

    @Test func theSameSeedWritesTheSameBytes() throws {
        let (_, first) = try write(SampleCity(subscribers: 40, days: 1, seed: 3))
        let (_, second) = try write(SampleCity(subscribers: 40, days: 1, seed: 3))
        let (_, other) = try write(SampleCity(subscribers: 40, days: 1, seed: 4))
        #expect(first.count == 14)
        #expect(first == second)
        #expect(first["locations.csv"] != other["locations.csv"])
    }

    @Test func everyRecordNamesAKnownSubscriberAndCell() throws {
        let (_, files) = try write(SampleCity(subscribers: 25, days: 2, includeBadRows: false))
        func rows(_ name: String) -> [[Substring]] {
            String(decoding: files[name]!, as: UTF8.self).split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false)
            }
        }
        let subscribers = Set(rows("subscribers.csv").map { $0[0] })
        let cells = Set(rows("cells.csv").map { $0[0] })
        let locations = rows("locations.csv")
        #expect(subscribers.count == 25)
        #expect(locations.count > 25 * 2 * 50)
        #expect(locations.allSatisfy { subscribers.contains($0[0]) && cells.contains($0[2]) })
    }
}
