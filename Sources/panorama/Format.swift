import Foundation
import PanoramaModel

/// How numbers, durations and times are written for people.
enum Format {
    /// `1,234,567`.
    static func count(_ value: Int) -> String { value.grouped }

    static func seconds(_ value: Double) -> String {
        value < 60 ? String(format: "%.1f s", value) : String(format: "%ld min %02ld s", Int(value) / 60, Int(value) % 60)
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    /// Local time of the workspace, `2026-11-02 08:15`.
    static func time(_ epoch: Int64, _ offset: UTCOffset) -> String {
        let local = Int(epoch) + offset.seconds
        let days = Int((Double(local) / 86400).rounded(.down))
        let second = local - days * 86400
        return CivilDate(daysSinceEpoch: days).description + String(format: " %02d:%02d", second / 3600, second / 60 % 60)
    }
}

/// JSON for `--json` outputs: pretty, with stable key order.
enum JSONText {
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A value's JSON fields with one more beside them: how `--json` reports add a section to
/// a model's own fields (the key is written even when the section is `nil`).
struct JSONWithSection<Base: Encodable, Section: Encodable>: Encodable {
    let base: Base?
    let key: String
    let section: Section

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try base?.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(section, forKey: Key(stringValue: key))
    }
}

extension String {
    /// Right-aligned in `width` characters, for table columns.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
