import ArgumentParser
import Foundation
import PanoramaBuild
import PanoramaIngest
import PanoramaModel
import PanoramaRisk
import PanoramaServe
import PanoramaSimulation
import PanoramaStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a demo city, ingest it, build its panorama and train its risk models: Panorama with no data of your own.")

    @Option(help: "Directory for the demo (its city/ and workspace/ are recreated).")
    var directory: String = "panorama-demo"

    @OptionGroup var city: DemoCityOptions

    @Flag(inversion: .prefixedNo, help: "Serve the dashboard at the end (until Ctrl-C).")
    var serve = true

    @Option(parsing: .unconditional, help: "Port for the dashboard.")
    var port = 8080

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        let input = root.appendingPathComponent("city")
        let workspace = root.appendingPathComponent("workspace")
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            let contents = isDirectory.boolValue ? (try? fileManager.contentsOfDirectory(atPath: root.path)) ?? ["?"] : ["?"]
            let workspaceContents = (try? fileManager.contentsOfDirectory(atPath: workspace.path)) ?? []
            let isWorkspace = workspaceContents.isEmpty || workspaceContents.contains("panorama.json")
            guard Set(contents).isSubset(of: ["city", "workspace", ".city.generating", ".city.previous"]), isWorkspace else {
                throw CommandFailure("\(directory) exists and is not a Panorama demo directory; choose another --directory.")
            }
        }
        let demoCity = DemoCity(subscribers: city.subscriberCount, days: city.days, seed: city.seed)
        let progress = GenerateProgress()
        let summary = try demoCity.write(to: input, progress: progress.show)
        progress.finish()
        try? fileManager.removeItem(at: workspace)
        print("1. Wrote a demo city of \(demoCity.subscribers.counted("subscriber")) and \(demoCity.days.counted("day")) to \(input.path):")
        for line in summary.lines { print("   " + line) }
        let opened = try Workspace.create(at: workspace)
        print("2. Created the workspace \(workspace.path).")
        let report = try Ingest.run(workspace: opened, input: input, progress: TerminalProgress())
        print("3. " + IngestSummary.text(report))
        let status = try opened.status()
        print(
            "   The workspace holds \(Format.count(status.subscribers)) subscribers, \(Format.count(status.locationRecords)) location "
                + "and \(Format.count(status.interactionRecords)) interaction records (a call between two subscribers is kept for each).")
        let built = try PanoramaBuilder(workspace: opened).run()
        if let build = built.build {
            print(
                "4. Built the panorama in \(Format.seconds(built.seconds)): \(Format.count(build.subscribers)) subscribers, "
                    + "\(Format.count(build.activeTags)) active tags.")
        }
        // The churn models need a month-end with someone leaving after it; a tiny city may have none.
        do {
            let models = try RiskTrainer(extractor: try opened.riskFeatureExtractor()).train()
            try opened.save(models)
            print(
                "5. Trained the churn and downgrade warnings: churn AUC \(models.churn.evaluation.model.aucText) "
                    + "on the held-out month-ends \(models.testMonths.joined(separator: ", ")).")
        } catch let error as RiskError {
            print("5. No risk models: \(error.userMessage)")
        }
        let panorama = Self.invocation()
        print("Next: \(panorama) profile \(workspace.path) \(DemoCity.xiaoWangNumber)   (Xiao Wang, the storyline's subscriber)")
        print("      \(panorama) value \(workspace.path)")
        print("      \(panorama) risk score \(workspace.path)")
        print("      \(panorama) moments \(workspace.path)")
        print("      \(panorama) evaluate \(workspace.path) --truth \(input.path)/truth")
        print("      \(panorama) status \(workspace.path)")
        print("The city's hidden truth is in \(input.path)/truth/; docs/demo-city.md explains it.")
        guard serve else { return }
        let dashboard = try Dashboard(workspace: opened)
        let xiaoWang = try dashboard.customer(number: DemoCity.xiaoWangNumber)
        print("6. The dashboard: http://127.0.0.1:\(port)/")
        if let xiaoWang { print("   Xiao Wang's page: http://127.0.0.1:\(port)/customers/\(xiaoWang.pseudonym)") }
        print("   Ctrl-C stops it.")
        try ServeCommand.run(dashboard, host: "127.0.0.1", port: port)
    }

    /// How to run this same `panorama` again from the current directory.
    private static func invocation() -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath + "/"
        return executable.hasPrefix(current) ? String(executable.dropFirst(current.count)) : executable
    }
}
