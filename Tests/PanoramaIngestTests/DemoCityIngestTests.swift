import Foundation
import PanoramaIngest
import PanoramaModel
import PanoramaSimulation
import PanoramaStore
import PanoramaTestSupport
import Testing

@Suite struct DemoCityIngestTests {
    /// The demo city is what users try Panorama on first: every row of it must load.
    @Test func everyRowOfADemoCityLoads() throws {
        let temporary = try TemporaryDirectory()
        let input = temporary.path("city")
        let summary = try DemoCity(subscribers: 300, days: 2, seed: 4).write(to: input, workers: 2)
        let workspace = try Workspace.create(at: temporary.path("workspace"), configuration: WorkspaceConfiguration(partitions: 4))
        let report = try Ingest.run(workspace: workspace, input: input, options: Ingest.Options(workers: 2))

        #expect(report.files.allSatisfy { $0.rejected == 0 })
        #expect(Set(report.files.map(\.kind)) == Set(InputKind.allCases))
        #expect(report.ignoredFiles == [], "the truth/ directory is not read, so not listed")
        let status = try workspace.status()
        #expect(status.subscribers == 300)
        #expect(status.cells == summary.cells)
        #expect(status.places == summary.places)
        #expect(status.regionsByLevel == ["branch": summary.branches, "center": summary.centers, "area": summary.areas, "store": summary.stores])
        #expect(status.locationRecords == summary.locationRecords)
        #expect(status.interactionRecords > summary.interactionRecords)
        let xiaoWang = try #require(try workspace.subscriber(number: DemoCity.xiaoWangNumber))
        #expect(xiaoWang.masked.description == "138****5678")
    }

    /// The ledger the value and risk computations read holds what the customer files say.
    @Test func theCustomerLedgerHoldsTheCustomerFiles() throws {
        let temporary = try TemporaryDirectory()
        let input = temporary.path("city")
        try DemoCity(subscribers: 300, days: 1, seed: 5).write(to: input, workers: 2)
        let workspace = try Workspace.create(at: temporary.path("workspace"), configuration: WorkspaceConfiguration(partitions: 4))
        _ = try Ingest.run(workspace: workspace, input: input, options: Ingest.Options(workers: 2))
        let ledger = try workspace.customerLedger()
        let xiaoWang = Int(try #require(try workspace.subscriber(number: DemoCity.xiaoWangNumber)).index)

        let usage = try csvRows(input.appendingPathComponent("usage.csv"))
        #expect(ledger.subscribers == 300)
        #expect(ledger.months.first?.description == usage.map { $0["month"] ?? "" }.min())
        #expect(ledger.months.last?.description == usage.map { $0["month"] ?? "" }.max())
        let billed = ledger.usage.arpu.filter { !$0.isNaN }.count
        #expect(billed == usage.count)
        let row = try #require(usage.first { $0["subscriber"] == DemoCity.xiaoWangNumber && $0["month"] == ledger.months.last?.description })
        let month = try #require(ledger.months.indices.last)
        #expect(ledger.usage.arpu[month * 300 + xiaoWang] == Float(try #require(Double(row["arpu"] ?? ""))))
        #expect(ledger.usage.activeDays[month * 300 + xiaoWang] == Float(try #require(Double(row["active_days"] ?? ""))))
        #expect(ledger.usage.quotaMB[month * 300 + xiaoWang] == Float(try #require(Double(row["quota_mb"] ?? ""))), "each month's quota")

        for (file, count) in [
            ("handsets.csv", ledger.handsets.items.count), ("churn.csv", ledger.churn.items.count),
            ("complaints.csv", ledger.complaints.items.count), ("subscriptions.csv", ledger.subscriptions.items.count),
        ] {
            #expect(try csvRows(input.appendingPathComponent(file)).count == count, "\(file)")
        }
        // Grouped by subscriber, in time order within each.
        for subscriber in 0..<300 {
            let times = ledger.handsets[subscriber].map(\.time)
            #expect(times == times.sorted())
        }
        #expect(ledger.products.contains { $0.id == "MUSIC" && $0.launchDate != nil })
        #expect(ledger.activationDay[xiaoWang] > 0)
    }
}

/// The rows of a CSV file the demo city wrote, by column name.
private func csvRows(_ url: URL) throws -> [[String: String]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline)
    guard let header = lines.first.map(CSVText.fields) else { return [] }
    return lines.dropFirst().map { line in
        Dictionary(uniqueKeysWithValues: zip(header, CSVText.fields(line)))
    }
}
