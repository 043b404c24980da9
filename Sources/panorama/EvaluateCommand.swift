import ArgumentParser
import Foundation
import PanoramaBuild
import PanoramaEvaluation
import PanoramaModel
import PanoramaStore

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the panorama and the key moments against a demo city's truth: home and work accuracy, tag and moment precision and recall.")

    @Argument(help: "The workspace, built from a city made by `panorama generate`.")
    var workspace: String

    @Option(help: "The city's truth directory (<city>/truth).")
    var truth: String

    @Option(help: "Where to write the JSON report (default: <workspace>/evaluation.json).")
    var out: String?

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let truthDirectory = URL(fileURLWithPath: truth)
        // The panorama is measured when it was built; the moments need only the customer files.
        let evaluation: PanoramaEvaluation?
        do {
            evaluation = try PanoramaEvaluation.run(workspace: opened, truthDirectory: truthDirectory)
        } catch PanoramaBuildError.notBuilt {
            evaluation = nil
        }
        let moments = try MomentEvaluation.run(workspace: opened, truthDirectory: truthDirectory)
        let target = out.map { URL(fileURLWithPath: $0) } ?? opened.layout.root.appendingPathComponent("evaluation.json")
        do {
            try Data(try JSONText.encode(JSONWithSection(base: evaluation, key: "moments", section: moments)).utf8).write(to: target, options: .atomic)
        } catch {
            throw CommandFailure("Cannot write \(target.path): \(error.localizedDescription)")
        }
        if let evaluation {
            printPanorama(evaluation)
        } else {
            print("The panorama was not built, so only the key moments are measured (run `panorama build \(workspace)` for the rest).")
        }
        print("  key moment         precision  recall     found  expected")
        for score in moments.kinds {
            print(
                "  " + score.kind.padding(toLength: 17, withPad: " ", startingAt: 0) + Self.share(score.precision, of: score.found).leftPadded(9)
                    + Self.share(score.recall, of: score.expected).leftPadded(8) + String(format: " %9d %9d", score.found, score.expected))
        }
        if let evaluation {
            let unmet = evaluation.goals.filter { !$0.met }
            print(unmet.isEmpty ? "All goals met." : "Goals not met: " + unmet.map { "\($0.name) \(String(format: "%.3f", $0.value)) < \($0.target)" }.joined(separator: "; "))
        }
        print("Report written to \(target.path)")
    }

    func printPanorama(_ evaluation: PanoramaEvaluation) {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        print("Evaluation of build \(evaluation.build) against \(truth) (\(evaluation.subscribers.grouped) subscribers)")
        for (name, score) in [("home", evaluation.home), ("work", evaluation.work)] {
            print(
                "  \(name)  exact place \(percent(score.exactShare)), within 500 m \(percent(score.within500mShare)) "
                    + "of \(score.evaluated.grouped) (\(score.missing.grouped) without an anchor)")
        }
        print("  dimension      precision  recall   produced  expected")
        for score in evaluation.dimensions {
            print(
                "  " + score.name.padding(toLength: 14, withPad: " ", startingAt: 0) + Self.share(score.precision, of: score.produced).leftPadded(9)
                    + Self.share(score.recall, of: score.expected).leftPadded(8) + String(format: " %10d %9d", score.produced, score.expected))
        }
        print("  tag                                      precision  recall   produced  expected")
        for score in evaluation.tags {
            print(
                "  " + score.name.padding(toLength: 40, withPad: " ", startingAt: 0) + Self.share(score.precision, of: score.produced).leftPadded(9)
                    + Self.share(score.recall, of: score.expected).leftPadded(8) + String(format: " %10d %9d", score.produced, score.expected))
        }
        if !evaluation.notJudged.isEmpty {
            print("  not judged (from rules outside the built-in catalog, which the city's truth does not model):")
            for tag in evaluation.notJudged { print("    \(tag.name): \(tag.produced.counted("tag")) produced") }
        }
    }

    /// A precision or recall to three places, or "n/a" when nothing was there to count.
    static func share(_ value: Double, of count: Int) -> String { count == 0 ? "n/a" : String(format: "%.3f", value) }
}
