import ArgumentParser
import Foundation
import PanoramaModel
import PanoramaRisk
import PanoramaStore

struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Churn and downgrade warnings: train the models, score every customer, report how well they work.",
        discussion: "Features, models and measures are described in docs/value-and-risk.md.",
        subcommands: [Train.self, Score.self, Report.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the churn and downgrade models on past month-ends and measure them on later ones held out.")

        @Argument(help: "The workspace.")
        var workspace: String

        func run() throws {
            let started = Date()
            let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
            let models = try RiskTrainer(extractor: try opened.riskFeatureExtractor()).train()
            try opened.save(models)
            print("Trained on month-ends \(models.trainingMonths.joined(separator: ", ")); tested on \(models.testMonths.joined(separator: ", ")), held out.")
            for kind in RiskKind.allCases {
                guard let trained = models.models(kind) else { continue }
                let measured = trained.evaluation.model
                print(
                    "  \(kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(Format.count(trained.trainingPositives)) of \(Format.count(trained.trainingRows)) training rows positive; held out: AUC \(measured.aucText), top-decile lift \(String(format: "%.2f", measured.topDecileLift))")
            }
            for note in models.notes { print("  " + note) }
            print("Model written to \(opened.layout.riskModel.path) in \(Format.seconds(Date().timeIntervalSince(started))).")
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print how the trained models measured on the held-out months: AUC, top-decile lift, calibration by decile.")

        @Argument(help: "The workspace.")
        var workspace: String

        @Flag(help: "Print the model file's measures as JSON.")
        var json = false

        func run() throws {
            let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
            let models = try opened.riskModels()
            if json {
                print(try JSONText.encode(models))
                return
            }
            print("Risk models trained on month-ends \(models.trainingMonths.joined(separator: ", ")), measured on \(models.testMonths.joined(separator: ", ")) (held out)")
            for kind in RiskKind.allCases {
                guard let trained = models.models(kind) else { continue }
                print("\n\(kind == .churn ? "Churn warning (leaves next month)" : "Downgrade warning (moves to a cheaper plan next month)")")
                let evaluation = trained.evaluation
                print("  model                      AUC   top-decile lift   customers   positives")
                for (name, metrics) in [
                    ("all features", evaluation.model), ("without contacts who left", evaluation.withoutContacts),
                    ("usage only", evaluation.usageOnly),
                ] {
                    print(
                        "  " + name.padding(toLength: 25, withPad: " ", startingAt: 0) + metrics.aucText.leftPadded(6)
                            + String(format: "%18.2f", metrics.topDecileLift) + Format.count(metrics.customers).leftPadded(12)
                            + Format.count(metrics.positives).leftPadded(12))
                }
                if !evaluation.model.ranksAnything {
                    print("  n/a: the held-out months have \(evaluation.model.positives == 0 ? "no customer who" : "only customers who") \(kind == .churn ? "left" : "moved to a cheaper plan"), so no ranking can be measured")
                }
                print("  calibration of the full model by decile of score (1 = highest):")
                print("    decile   mean score   observed rate")
                for decile in evaluation.model.calibration {
                    print(String(format: "    %6d   %10.4f   %13.4f", decile.decile, decile.meanScore, decile.observedRate))
                }
                let model = trained.model
                let weights = zip(model.features, model.coefficients).sorted { abs($0.1) > abs($1.1) }.prefix(8)
                print("  strongest features (per standard deviation): " + weights.map { "\($0.0.rawValue) \(String(format: "%+.2f", $0.1))" }.joined(separator: ", "))
            }
            for note in models.notes { print(note) }
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every customer active at a month's end with the trained models, with the reasons for each score.")

        @Argument(help: "The workspace.")
        var workspace: String

        @Option(help: "The month-end to score, YYYY-MM (default: the last month with usage).")
        var month: String?

        @OptionGroup var output: RowOutput

        @Option(parsing: .unconditional, help: "Table: how many of the customers most at risk to list.")
        var top = 20

        func validate() throws {
            if let month, CalendarMonth(text: month) == nil {
                throw ValidationError("--month must be a month such as 2026-10, not '\(month)'.")
            }
            guard top > 0 else { throw ValidationError("--top must be at least 1.") }
        }

        func run() throws {
            let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
            let models = try opened.riskModels()
            let (scoredMonth, scores) = try RiskScorer(extractor: try opened.riskFeatureExtractor(), models: models)
                .score(month: month.flatMap(CalendarMonth.init(text:)))
            let key = try output.keys(opened)
            try output.write(noun: "scores") { write in
                try RiskScoreOutput(scores: scores, month: scoredMonth, key: { key[$0] }).write(output.format, top: top, to: write)
            }
        }
    }
}

/// Scores as a table of the customers most at risk, or one row per customer.
struct RiskScoreOutput {
    let scores: [RiskScore]
    let month: CalendarMonth
    let key: (UInt32) -> String?

    func write(_ format: OutputFormat, top: Int, to write: (String) -> Void) throws -> Int {
        switch format {
        case .table:
            let warned = scores.filter(\.churnWarning).count
            let downgrades = scores.filter(\.downgradeWarning).count
            write("Risk as of the end of \(month): \(Format.count(scores.count)) active customers, \(Format.count(warned)) with a churn warning, \(Format.count(downgrades)) with a downgrade warning\n")
            write("  customer        churn  downgrade  why\n")
            for score in scores.prefix(top) {
                let downgrade = score.downgrade.map { String(format: "%9.3f", $0) } ?? "        -"
                write("  \((key(score.subscriber) ?? "?").padding(toLength: 13, withPad: " ", startingAt: 0))  \(String(format: "%5.3f", score.churn))  \(downgrade)  \(score.churnReasons.joined(separator: "; "))\n")
            }
            return min(top, scores.count)
        case .csv:
            write("subscriber,churn_score,churn_warning,downgrade_score,downgrade_warning,churn_reasons,downgrade_reasons\n")
            for score in scores {
                guard let subscriber = key(score.subscriber) else { continue }
                let fields = [
                    subscriber, String(format: "%.5f", score.churn), String(score.churnWarning),
                    score.downgrade.map { String(format: "%.5f", $0) } ?? "", String(score.downgradeWarning),
                    score.churnReasons.joined(separator: "; "), score.downgradeReasons.joined(separator: "; "),
                ]
                write(fields.map(CSVField.quoted).joined(separator: ",") + "\n")
            }
            return scores.count
        case .jsonl:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            struct Line: Encodable {
                let subscriber: String
                let churn_score: Double
                let churn_warning: Bool
                let downgrade_score: Double?
                let downgrade_warning: Bool
                let churn_reasons: [String]
                let downgrade_reasons: [String]
            }
            for score in scores {
                guard let subscriber = key(score.subscriber) else { continue }
                let line = Line(
                    subscriber: subscriber, churn_score: score.churn, churn_warning: score.churnWarning, downgrade_score: score.downgrade,
                    downgrade_warning: score.downgradeWarning, churn_reasons: score.churnReasons, downgrade_reasons: score.downgradeReasons)
                write(String(decoding: try encoder.encode(line), as: UTF8.self) + "\n")
            }
            return scores.count
        }
    }
}
