/// The fixed offset from UTC of the territory a workspace describes.
///
/// Anchors and behaviour tags depend on local clock time (nights at home, weekday rush
/// hours), so every workspace records the offset in which its city lives. Dates without
/// a time (activation dates, contract ends) are read in this offset too.
public struct UTCOffset: Hashable, Sendable, Codable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    /// China Standard Time, the default for the operators Panorama was specified for.
    public static let chinaStandardTime = UTCOffset(seconds: 8 * 3600)

    /// Parses `+08:00`, `-05:30`, `+0800` or `Z`; `nil` for anything else or beyond ±14 hours.
    public init?(text: String) {
        if text == "Z" || text == "+00:00" || text == "-00:00" {
            seconds = 0
            return
        }
        let bytes = Array(text.utf8)
        guard bytes.count == 6 || bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-")
        else { return nil }
        let digits = bytes.count == 6 ? [bytes[1], bytes[2], bytes[4], bytes[5]] : Array(bytes[1...4])
        if bytes.count == 6 && bytes[3] != UInt8(ascii: ":") { return nil }
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let hours = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
        let minutes = Int(digits[2] - 0x30) * 10 + Int(digits[3] - 0x30)
        guard hours <= 14, minutes < 60 else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        seconds = bytes[0] == UInt8(ascii: "-") ? -magnitude : magnitude
    }

    public var description: String {
        if seconds == 0 { return "+00:00" }
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let hours = magnitude / 3600
        let minutes = (magnitude % 3600) / 60
        return sign + (hours < 10 ? "0" : "") + String(hours) + ":" + (minutes < 10 ? "0" : "") + String(minutes)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = UTCOffset(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a UTC offset such as +08:00")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The local day, in days since 1970-01-01, of a time in seconds since the epoch.
    public func localDay(of time: Int64) -> Int32 {
        let local = time + Int64(seconds)
        return Int32(truncatingIfNeeded: (local >= 0 ? local : local - 86_399) / 86_400)
    }

    /// The first second of a local day, as seconds since the epoch.
    public func start(ofDay day: Int32) -> Int64 { Int64(day) * 86_400 - Int64(seconds) }

    /// `2026-11-02T08:15:00+08:00`: a time as the input files write it.
    public func isoTime(_ time: Int64) -> String {
        let day = localDay(of: time)
        let second = Int(time - start(ofDay: day))
        let date = CivilDate(daysSinceEpoch: Int(day))
        guard (0...9999).contains(date.year) else {
            let clock = [second / 3600, second / 60 % 60, second % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
            return date.description + "T" + clock + description
        }
        // Written digit by digit: the dashboard formats dozens of these per customer page.
        var text = String(unsafeUninitializedCapacity: 19) { bytes in
            func two(_ value: Int, at index: Int) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value / 10)
                bytes[index + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            two(date.year / 100, at: 0)
            two(date.year % 100, at: 2)
            bytes[4] = UInt8(ascii: "-")
            two(date.month, at: 5)
            bytes[7] = UInt8(ascii: "-")
            two(date.day, at: 8)
            bytes[10] = UInt8(ascii: "T")
            two(second / 3600, at: 11)
            bytes[13] = UInt8(ascii: ":")
            two(second / 60 % 60, at: 14)
            bytes[16] = UInt8(ascii: ":")
            two(second % 60, at: 17)
            return 19
        }
        text += description
        return text
    }
}
