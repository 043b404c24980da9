import Foundation
import PanoramaModel

/// Writes an assessment one customer per row, as CSV or JSON lines, and summarises it as
/// text: the mix of tiers, bands, segments and stages an analyst checks first.
public struct ValueExport {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, jsonl
    }

    static let columns = [
        "subscriber", "active", "tier", "arpu_band", "spend", "previous_spend", "voice_minutes", "data_mb", "sms", "active_days",
        "months_since_active", "products", "tenure_days", "earliness", "adoption", "stage", "decline_reason",
    ]

    private struct Row: Encodable {
        let subscriber: String
        let active: Bool
        let tier: String?
        let arpu_band: String?
        let spend: Double
        let previous_spend: Double
        let voice_minutes: Double
        let data_mb: Double
        let sms: Double
        let active_days: Double
        let months_since_active: Int?
        let products: [String]
        let tenure_days: Int
        let earliness: Double
        let adoption: String?
        let stage: String?
        let decline_reason: String?
    }

    let assessment: ValueAssessment

    public init(assessment: ValueAssessment) {
        self.assessment = assessment
    }

    /// Writes every customer with a key (a pseudonym, or a number for authorized joins),
    /// in index order; returns the rows written.
    @discardableResult
    public func write(_ format: Format, key: (UInt32) -> String?, to output: (String) throws -> Void) throws -> Int {
        if format == .table {
            try output(summary())
            return 0
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if format == .csv { try output(Self.columns.joined(separator: ",") + "\n") }
        var rows = 0
        for customer in assessment.customers {
            guard let subscriber = key(customer.subscriber) else { continue }
            let row = Row(
                subscriber: subscriber, active: customer.isActive, tier: customer.tier?.rawValue, arpu_band: customer.arpuBand,
                spend: Self.rounded(customer.spend), previous_spend: Self.rounded(customer.previousSpend),
                voice_minutes: Self.rounded(customer.voiceMinutes), data_mb: Self.rounded(customer.dataMB), sms: Self.rounded(customer.sms),
                active_days: Self.rounded(customer.activeDays), months_since_active: customer.monthsSinceActive, products: customer.products,
                tenure_days: customer.tenureDays, earliness: Self.rounded(customer.earliness, places: 3), adoption: customer.adoption?.rawValue,
                stage: customer.stage?.rawValue, decline_reason: customer.declineReason)
            if format == .jsonl {
                try output(String(decoding: try encoder.encode(row), as: UTF8.self) + "\n")
            } else {
                let fields: [String] = [
                    row.subscriber, row.active ? "true" : "false", row.tier ?? "", row.arpu_band ?? "", Self.number(row.spend),
                    Self.number(row.previous_spend), Self.number(row.voice_minutes), Self.number(row.data_mb), Self.number(row.sms),
                    Self.number(row.active_days), row.months_since_active.map(String.init) ?? "", row.products.joined(separator: ";"),
                    String(row.tenure_days), Self.number(row.earliness), row.adoption ?? "", row.stage ?? "", row.decline_reason ?? "",
                ]
                try output(fields.map(CSVField.quoted).joined(separator: ",") + "\n")
            }
            rows += 1
        }
        return rows
    }

    /// The mix of the active customers, with average spend per tier.
    public func summary() -> String {
        let active = assessment.customers.filter(\.isActive)
        var lines = [
            "Value as of \(assessment.month): \(active.count.grouped) active customers of \(assessment.customers.count.grouped)"
        ]
        func share(_ count: Int) -> String { active.isEmpty ? "0%" : String(format: "%.1f%%", Double(count) / Double(active.count) * 100) }
        func line(_ label: String, _ count: Int, _ extra: String = "") -> String {
            "    " + label.padding(toLength: 22, withPad: " ", startingAt: 0) + count.grouped.leftPadded(9) + share(count).leftPadded(8) + extra
        }
        lines.append(
            "  value tier (three-month ARPU; high from \(ValueAssessor.yuan(assessment.highThreshold)) yuan, general from \(ValueAssessor.yuan(assessment.generalThreshold)))")
        for tier in ValueTier.allCases {
            let members = active.filter { $0.tier == tier }
            let average = members.isEmpty ? 0 : members.map(\.spend).reduce(0, +) / Double(members.count)
            lines.append(line(tier.rawValue, members.count, "   average ARPU \(String(format: "%.1f", average))"))
        }
        lines.append("  ARPU band")
        let bands = assessment.mix(\.arpuBand)
        for band in bands.keys.sorted(by: { Self.bandStart($0) < Self.bandStart($1) }) { lines.append(line(band, bands[band] ?? 0)) }
        lines.append("  adoption segment")
        let segments = assessment.mix(\.adoption)
        for segment in AdoptionSegment.allCases { lines.append(line(segment.rawValue, segments[segment] ?? 0)) }
        lines.append("  lifecycle stage")
        let stages = assessment.mix(\.stage)
        for stage in LifecycleStage.allCases { lines.append(line(stage.rawValue, stages[stage] ?? 0)) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func bandStart(_ band: String) -> Double {
        if band.hasPrefix("<") { return -.infinity }
        return Double(band.drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." }) ?? 0
    }

    static func rounded(_ value: Double, places: Int = 2) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
