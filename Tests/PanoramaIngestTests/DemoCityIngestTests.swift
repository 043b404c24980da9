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
        #expect(report.ignoredFiles == ["truth"])
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
}
