import ArgumentParser
import Foundation
import PanoramaModel
import PanoramaStore
import PanoramaValue

extension ValueExport.Format: ExpressibleByArgument {}

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

    @Option(help: "table (the mix), csv or jsonl (one row per customer).")
    var format: ValueExport.Format = .table

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Flag(help: "Key rows by the full subscriber number instead of the pseudonym (for authorized joins only).")
    var reveal = false

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
        var keys: [UInt32: String] = [:]
        if format != .table {
            let all = try opened.allSubscriberKeys()
            if reveal {
                keys = try opened.revealNumbers(of: all.map(\.index))
            } else {
                for key in all { keys[key.index] = key.pseudonym }
            }
        }
        let rows = try OutputFile.write(to: out) { write in
            try export.write(format, key: { keys[$0] }, to: write)
        }
        if let out, format != .table { FileHandle.standardError.write(Data("Wrote \(rows) customers to \(out).\n".utf8)) }
    }
}
