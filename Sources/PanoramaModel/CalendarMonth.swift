/// A billing month, `2026-11`.
public struct CalendarMonth: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads `YYYY-MM`.
    public init?(text: String) {
        guard let date = CivilDate(text: text + "-01") else { return nil }
        self.init(year: date.year, month: date.month)
    }

    public var description: String {
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + (month < 10 ? "-0" : "-")
            + String(month)
    }

    /// The month after this one.
    public var next: CalendarMonth {
        month == 12 ? CalendarMonth(uncheckedYear: year + 1, month: 1) : CalendarMonth(uncheckedYear: year, month: month + 1)
    }

    /// The month before this one.
    public var previous: CalendarMonth {
        month == 1 ? CalendarMonth(uncheckedYear: year - 1, month: 12) : CalendarMonth(uncheckedYear: year, month: month - 1)
    }

    /// The first day of the month.
    public var firstDay: CivilDate { CivilDate(daysSinceEpoch: CivilDate.daysSinceEpoch(year: year, month: month, day: 1)) }

    /// The last day of the month, in days since 1970-01-01: a month-end.
    public var lastDay: Int32 { Int32(next.firstDay.daysSinceEpoch - 1) }

    private init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public static func < (lhs: CalendarMonth, rhs: CalendarMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}

extension CalendarMonth: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let month = CalendarMonth(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a YYYY-MM month")
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
