import ArgumentParser
import Foundation
import PanoramaBuild
import PanoramaEngine
import PanoramaModel
import PanoramaStore

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the panorama: stays, anchors and tags for every subscriber.",
        discussion: """
            After the first build, a build reads only the records ingested since the last one. It rebuilds everything \
            when the catalog changed, when cells, places, events or regions changed, when new records fall on days \
            already built, or with --full. A failed build leaves the previous panorama in place.
            """)

    @Argument(help: "The workspace.")
    var workspace: String

    @Option(help: "A tag catalog to build with (YAML); later builds keep using it. Default: the one kept, else the built-in one.")
    var catalog: String?

    @Flag(help: "Go back to the built-in catalog, forgetting the one kept.")
    var defaultCatalog = false

    @Flag(help: "Rebuild from all records.")
    var full = false

    @Option(parsing: .unconditional, help: "Parallel workers (default: one per core).")
    var workers: Int = ParallelWorkers.defaultCount

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        if catalog != nil && defaultCatalog { throw ValidationError("Give either --catalog or --default-catalog, not both.") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64.") }
    }

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let options = PanoramaBuilder.Options(
            catalog: catalog.map { URL(fileURLWithPath: $0) }, defaultCatalog: defaultCatalog, full: full, workers: workers)
        let report: PanoramaBuilder.Report
        do {
            report = try PanoramaBuilder(workspace: opened, options: options).run()
        } catch let error as CatalogError {
            let previous = (try? opened.latestBuild()) != nil
            throw CommandFailure(error.userMessage + "\nNothing was built" + (previous ? "; the previous panorama stays as it was." : "."))
        }
        if json {
            print(try JSONText.encode(report))
            return
        }
        guard let build = report.build else {
            print("The panorama is up to date: no location records were ingested since the last build.")
            return
        }
        let kind = build.kind == .full ? "Full build" : "Incremental build"
        print("\(kind) \(build.id) with \(report.catalog)" + (report.fullBecause.map { " (full because \($0))" } ?? ""))
        print(
            "  read        \(Format.count(report.recordsRead)) location records in \(Format.seconds(report.seconds)) "
                + "(\(Format.count(Int(Double(report.recordsRead) / max(report.seconds, 0.001)))) records/s)")
        print(
            "  days        \(build.firstDay.map(\.description) ?? "?") to \(build.lastDay.map(\.description) ?? "?")"
                + (build.kind == .incremental ? ", \(build.daysAdded) new" : ""))
        print("  panorama    \(Format.count(build.subscribers)) subscribers, \(Format.count(build.activeTags)) active tags")
        let time = report.timings
        let seconds = { (value: Double) in String(format: "%.2f s", value) }
        let perWorker = { (value: Double) in seconds(value / Double(max(1, time.workers))) }
        print(
            "  time        set-up \(seconds(time.setUp)), partitions \(seconds(time.partitions)), commit \(seconds(time.commit)); "
                + "a worker's partitions: states read \(perWorker(time.readingStates)), records read \(perWorker(time.readingRecords)), "
                + "observed \(perWorker(time.observing)), assembled \(perWorker(time.assembling)), states written \(perWorker(time.writingStates))")
        if report.historyLost {
            print("  note        the previous panorama could not be read, so its tags are not kept as history")
        }
        for dimension in ["region", "demographic", "preference", "behaviour"] {
            let tags = report.activeTagsByDimension[dimension] ?? 0
            let people = report.subscribersByDimension[dimension] ?? 0
            print("    \(dimension.padding(toLength: 12, withPad: " ", startingAt: 0)) \(Format.count(tags)) tags on \(Format.count(people)) subscribers")
        }
    }
}
