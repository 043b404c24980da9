import Foundation
import PanoramaModel
import PanoramaStore

/// Writes every subscriber's anchors or tags as CSV or JSON lines.
///
/// Rows are keyed by pseudonym, or by the full number when the caller is allowed to reveal
/// numbers (to join with the demo city's truth, for example). Partitions are read one at
/// a time, so an export of millions of subscribers needs the memory of one partition.
public struct PanoramaExport {
    public enum What: String, Sendable, CaseIterable {
        case anchors
        case tags
    }

    public enum Format: String, Sendable, CaseIterable {
        case csv
        case jsonl
    }

    let reader: PanoramaReader

    public init(reader: PanoramaReader) {
        self.reader = reader
    }

    /// Writes the export through `emit` in blocks; returns the rows written.
    @discardableResult
    public func write(_ what: What, format: Format, reveal: Bool, includeHistory: Bool, emit: (String) throws -> Void) throws -> Int {
        let keys = try reader.workspace.allSubscriberKeys()
        var pseudonyms: [UInt32: (String, String)] = [:]
        for key in keys { pseudonyms[key.index] = (key.pseudonym, key.masked) }
        let numbers = reveal ? try reader.workspace.revealNumbers(of: keys.map(\.index)) : [:]
        let header = what == .anchors
            ? ["subscriber", "kind", "place", "place_name", "place_type", "cell", "region", "days", "first_seen", "last_seen", "confidence"]
            : ["subscriber", "dimension", "tag", "status", "support_days", "first_seen", "last_seen", "confidence", "evidence"]
        var rows = 0
        var block = ""
        if format == .csv { block += header.joined(separator: ",") + "\n" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for partition in 0..<reader.partitions {
            for state in try reader.states(partition: partition) {
                let key = pseudonyms[state.subscriber] ?? ("", "")
                let subscriber = reveal ? numbers[state.subscriber] ?? key.0 : key.0
                let view = reader.view(state, pseudonym: key.0, masked: key.1)
                var fields: [[String]] = []
                switch what {
                case .anchors:
                    for anchor in view.anchors {
                        fields.append([
                            subscriber, anchor.kind, anchor.place ?? "", anchor.placeName ?? "", anchor.placeType ?? "", anchor.cell,
                            anchor.region ?? "", String(anchor.days), anchor.first.description, anchor.last.description,
                            String(anchor.confidence),
                        ])
                    }
                case .tags:
                    for tag in view.tags where includeHistory || tag.status == "active" {
                        fields.append([
                            subscriber, tag.dimension, tag.path, tag.status, String(tag.support), tag.first.description,
                            tag.last.description, String(tag.confidence), tag.evidence ?? "",
                        ])
                    }
                }
                for row in fields {
                    switch format {
                    case .csv: block += row.map(CSVField.quoted).joined(separator: ",") + "\n"
                    case .jsonl:
                        var object: [String: JSONField] = [:]
                        for (name, value) in zip(header, row) where !value.isEmpty {
                            object[name] = Self.numericColumns.contains(name) ? Double(value).map(JSONField.number) ?? .text(value) : .text(value)
                        }
                        block += String(decoding: try encoder.encode(object), as: UTF8.self) + "\n"
                    }
                    rows += 1
                }
                if block.utf8.count > 1 << 20 {
                    try emit(block)
                    block = ""
                }
            }
        }
        try emit(block)
        return rows
    }

    /// Columns written as JSON numbers.
    static let numericColumns: Set<String> = ["days", "support_days", "confidence"]

    /// A JSON value of an exported row: text, or a number for counts and confidences.
    enum JSONField: Encodable {
        case text(String)
        case number(Double)

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let value): try container.encode(value)
            case .number(let value):
                if value == value.rounded() && abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
            }
        }
    }
}
