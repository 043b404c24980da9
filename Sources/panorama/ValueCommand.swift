import ArgumentParser
import Foundation
import PanoramaModel
import PanoramaStore
import PanoramaValue

struct ValueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "value",
        abstract: "Value tiers, ARPU bands, adoption segments and lifecycle stages: the mix, or every customer as CSV or JSON lines.",
        discussion: """
            Thresholds come from the "value" settings of the workspace's panorama.json \
            (docs/value-and-risk.md); by default the top 20% of active customers by three-month \
            ARPU are high value and the next 30% general value.
            """)

    @Argument(help: "The workspace.")
    var workspace: String

    @Option(help: "The month to assess, YYYY-MM (default: the last month with usage).")
    var month: String?

    @OptionGroup var output: RowOutput

    func validate() throws {
        if let month, CalendarMonth(text: month) == nil {
            throw ValidationError("--month must be a month such as 2026-10, not '\(month)'.")
        }
    }

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let ledger = try opened.customerLedger()
        let assessment = try ValueAssessor(settings: opened.configuration.valueSettings)
            .assess(ledger, month: month.flatMap(CalendarMonth.init(text:)))
        let export = ValueExport(assessment: assessment)
        let format: ValueExport.Format =
            switch output.format {
            case .table: .table
            case .csv: .csv
            case .jsonl: .jsonl
            }
        let keys = format == .table ? [:] : try output.keys(opened)
        try output.write(noun: "customers") { write in try export.write(format, key: { keys[$0] }, to: write) }
    }
}
