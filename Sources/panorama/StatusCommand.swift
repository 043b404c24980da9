import ArgumentParser
import Foundation
import PanoramaModel
import PanoramaStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what a workspace holds.")

    @Argument(help: "The workspace.")
    var workspace: String

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let status = try opened.status()
        let build = try opened.latestBuild()
        if json {
            print(try JSONText.encode(JSONWithSection(base: status, key: "panorama", section: build)))
            return
        }
        let plurals: [RegionLevel: String] = [.branch: "branches", .center: "centers", .area: "areas", .store: "stores"]
        let levels = RegionLevel.allCases.dropLast().map { level in
            let count = status.regionsByLevel[level.rawValue] ?? 0
            return "\(count) \(count == 1 ? level.rawValue : plurals[level] ?? level.rawValue)"
        }
        print("Workspace \(workspace)")
        print("  territory     \(levels.joined(separator: ", ")), \(Format.count(status.cells)) cells")
        print("  places        \(Format.count(status.places)) places, \(Format.count(status.events)) events")
        print("  products      \(status.products) products, \(status.channels) channels")
        print(
            "  customers     \(Format.count(status.subscribers)) subscribers, \(Format.count(status.usageMonths)) usage months, "
                + "\(Format.count(status.subscriptions)) subscriptions")
        print(
            "  history       \(Format.count(status.handsetObservations)) handset observations, \(Format.count(status.complaints)) complaints, "
                + "\(Format.count(status.contacts)) contacts, \(Format.count(status.churnEvents)) churn events")
        print(
            "  records       \(Format.count(status.locationRecords)) location, \(Format.count(status.interactionRecords)) interaction "
                + "(\(Format.count(status.externalParties)) external parties) in \(status.segments) segments")
        if let range = status.locationTimeRange {
            print("  period        \(Format.time(range.lowerBound, opened.configuration.utcOffset)) to \(Format.time(range.upperBound, opened.configuration.utcOffset))")
        }
        print("  ingests       \(status.ingests)")
        if let build {
            let catalog = FileManager.default.fileExists(atPath: opened.layout.catalog.path) ? "the workspace's own catalog" : "the built-in catalog"
            let days = build.firstDay.map { "\($0) to \(build.lastDay.map(\.description) ?? "?")" } ?? "no days"
            print(
                "  panorama      build \(build.id) (\(build.kind.rawValue)) of \(days) with \(catalog): "
                    + "\(Format.count(build.subscribers)) subscribers, \(Format.count(build.activeTags)) active tags")
        } else {
            print("  panorama      not built yet (run `panorama build \(workspace)`)")
        }
    }
}
