import ArgumentParser
import Foundation
import PanoramaEvaluation
import PanoramaStore

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the panorama against a demo city's truth: home and work accuracy, tag precision and recall.")

    @Argument(help: "The workspace, built from a city made by `panorama generate`.")
    var workspace: String

    @Option(help: "The city's truth directory (<city>/truth).")
    var truth: String

    @Option(help: "Where to write the JSON report (default: <workspace>/evaluation.json).")
    var out: String?

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let evaluation = try PanoramaEvaluation.run(workspace: opened, truthDirectory: URL(fileURLWithPath: truth))
        let target = out.map { URL(fileURLWithPath: $0) } ?? opened.layout.root.appendingPathComponent("evaluation.json")
        do {
            try Data(try JSONText.encode(evaluation).utf8).write(to: target, options: .atomic)
        } catch {
            throw CommandFailure("Cannot write \(target.path): \(error.localizedDescription)")
        }
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
                "  " + score.name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%9.3f  %6.3f", score.precision, score.recall)
                    + String(format: " %10d %9d", score.produced, score.expected))
        }
        print("  tag                                      precision  recall   produced  expected")
        for score in evaluation.tags {
            print(
                "  " + score.name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%9.3f  %6.3f", score.precision, score.recall)
                    + String(format: " %10d %9d", score.produced, score.expected))
        }
        let unmet = evaluation.goals.filter { !$0.met }
        print(unmet.isEmpty ? "All goals met." : "Goals not met: " + unmet.map { "\($0.name) \(String(format: "%.3f", $0.value)) < \($0.target)" }.joined(separator: "; "))
        print("Report written to \(target.path)")
    }
}
