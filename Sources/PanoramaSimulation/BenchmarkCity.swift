import Foundation
import PanoramaModel

/// Reference data and large location-record files for the ingest benchmark.
///
/// Records are written in time order with a random subscriber and cell each, as a
/// network's log interleaves everyone, so the benchmark pays the cache misses of real
/// lookups. Lines are assembled as bytes: the generator must outrun the parser it feeds.
public struct BenchmarkCity: Sendable {
    public var subscribers: Int
    public var cells: Int
    public var seed: UInt64

    public init(subscribers: Int, cells: Int, seed: UInt64 = 42) {
        self.subscribers = subscribers
        self.cells = cells
        self.seed = seed
    }

    private var stores: Int { max(1, cells / 50) }

    func cellID(_ index: Int) -> String { "C\(index)" }

    /// Writes regions, cells, products and subscribers into `directory`.
    public func writeReference(to directory: URL) throws {
        let regions = try CSVFileWriter(
            url: directory.appendingPathComponent("regions.csv"),
            header: ["id", "name", "level", "parent", "latitude", "longitude"])
        regions.row(["B", "Branch", "branch", "", "", ""])
        regions.row(["M", "Center", "center", "B", "", ""])
        regions.row(["A", "Area", "area", "M", "", ""])
        for store in 0..<stores {
            regions.row(["S\(store)", "Store \(store)", "store", "A", "23.1", "113.3"])
        }
        try regions.close()
        let cellsFile = try CSVFileWriter(
            url: directory.appendingPathComponent("cells.csv"), header: ["id", "site", "latitude", "longitude", "store"])
        for cell in 0..<cells {
            cellsFile.row([cellID(cell), "SITE\(cell / 3)", "23.1", "113.3", "S\(cell % stores)"])
        }
        try cellsFile.close()
        let products = try CSVFileWriter(
            url: directory.appendingPathComponent("products.csv"), header: ["id", "name", "kind", "monthly_price"])
        products.row(["PLAN", "Plan", "plan", "58"])
        try products.close()
        let subscribersFile = try CSVFileWriter(
            url: directory.appendingPathComponent("subscribers.csv"),
            header: ["subscriber", "activation_date", "plan", "quota_mb", "monthly_fee"])
        for index in 0..<subscribers {
            subscribersFile.row([SampleCity.number(index), "2024-01-01", "PLAN", "1024", "58"])
        }
        try subscribersFile.close()
    }

    /// Writes `count` location records over consecutive days starting at `SampleCity.firstDay`.
    @discardableResult
    public func writeLocations(count: Int, to url: URL) throws -> Int {
        var random = SplitMix64(seed: seed &+ UInt64(count))
        let numbers = (0..<subscribers).map { Array(SampleCity.number($0).utf8) }
        let cellIDs = (0..<cells).map { Array(cellID($0).utf8) }
        let writer = try CSVFileWriter(url: url, header: ["subscriber", "time", "cell"])
        let perDay = max(1, subscribers * 150)
        var line = [UInt8]()
        var buffer = [UInt8]()
        buffer.reserveCapacity(4 << 20)
        let firstDay = SampleCity.firstDay.daysSinceEpoch
        for record in 0..<count {
            let day = record / perDay
            let secondOfDay = Int((Double(record % perDay) / Double(perDay)) * 86_400)
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: numbers[random.below(subscribers)])
            line.append(0x2C)
            Self.appendTime(&line, date: CivilDate(daysSinceEpoch: firstDay + day), second: secondOfDay)
            line.append(0x2C)
            line.append(contentsOf: cellIDs[random.below(cells)])
            line.append(0x0A)
            buffer.append(contentsOf: line)
            if buffer.count >= 4 << 20 {
                buffer.withUnsafeBufferPointer { writer.raw($0) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.withUnsafeBufferPointer { writer.raw($0) }
        try writer.close()
        return writer.bytesWritten
    }

    /// Appends `2026-11-02T08:15:30+08:00`.
    static func appendTime(_ line: inout [UInt8], date: CivilDate, second: Int) {
        func two(_ value: Int) {
            line.append(UInt8(0x30 + value / 10))
            line.append(UInt8(0x30 + value % 10))
        }
        two(date.year / 100)
        two(date.year % 100)
        line.append(0x2D)
        two(date.month)
        line.append(0x2D)
        two(date.day)
        line.append(0x54)
        two(second / 3600)
        line.append(0x3A)
        two(second / 60 % 60)
        line.append(0x3A)
        two(second % 60)
        line.append(contentsOf: Array("+08:00".utf8))
    }
}
