import Foundation
import PanoramaModel

/// One row of a reference or customer file, with typed accessors that reject bad values.
struct TableRow {
    let fields: [String]
    let map: ColumnMap
    let timestamps: TimestampParser

    /// The trimmed value of a column, or `nil` if the file lacks the column or the cell is empty.
    func value(_ name: String) -> String? {
        let position = map.position(of: name)
        guard position >= 0 else { return nil }
        let text = Self.trimmed(fields[position])
        return text.isEmpty ? nil : text
    }

    func required(_ name: String) throws(RowRejection) -> String {
        guard let text = value(name) else { throw RowRejection(.missingValue, "\(name) is empty") }
        return text
    }

    func decimal(_ name: String, minimum: Double? = nil, maximum: Double? = nil) throws(RowRejection) -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw RowRejection(.invalidNumber, "\(name) '\(text)' is not a number")
        }
        if let minimum, number < minimum {
            throw RowRejection(.invalidNumber, "\(name) \(text) is below the minimum \(Self.format(minimum))")
        }
        if let maximum, number > maximum {
            throw RowRejection(.invalidNumber, "\(name) \(text) is above the maximum \(Self.format(maximum))")
        }
        return number
    }

    func requiredDecimal(_ name: String, minimum: Double? = nil, maximum: Double? = nil) throws(RowRejection) -> Double {
        guard let number = try decimal(name, minimum: minimum, maximum: maximum) else {
            throw RowRejection(.missingValue, "\(name) is empty")
        }
        return number
    }

    func integer(_ name: String, minimum: Int? = nil, maximum: Int? = nil) throws(RowRejection) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else {
            throw RowRejection(.invalidNumber, "\(name) '\(text)' is not a whole number")
        }
        if let minimum, number < minimum {
            throw RowRejection(.invalidNumber, "\(name) \(number) is below the minimum \(minimum)")
        }
        if let maximum, number > maximum {
            throw RowRejection(.invalidNumber, "\(name) \(number) is above the maximum \(maximum)")
        }
        return number
    }

    func requiredInteger(_ name: String, minimum: Int? = nil, maximum: Int? = nil) throws(RowRejection) -> Int {
        guard let number = try integer(name, minimum: minimum, maximum: maximum) else {
            throw RowRejection(.missingValue, "\(name) is empty")
        }
        return number
    }

    func timestamp(_ name: String) throws(RowRejection) -> Int64? {
        guard let text = value(name) else { return nil }
        guard let time = timestamps.parse(text), recordTimeRange.contains(time) else {
            throw TimestampParser.rejection(column: name, text: text)
        }
        return time
    }

    func requiredTimestamp(_ name: String) throws(RowRejection) -> Int64 {
        guard let time = try timestamp(name) else { throw RowRejection(.missingValue, "\(name) is empty") }
        return time
    }

    func date(_ name: String) throws(RowRejection) -> CivilDate? {
        guard let text = value(name) else { return nil }
        guard let date = CivilDate(text: text) else {
            throw RowRejection(.invalidDate, "\(name) '\(text)' is not a YYYY-MM-DD date")
        }
        return date
    }

    func requiredDate(_ name: String) throws(RowRejection) -> CivilDate {
        guard let date = try date(name) else { throw RowRejection(.missingValue, "\(name) is empty") }
        return date
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, as _: Choice.Type
    ) throws(RowRejection) -> Choice? where Choice.RawValue == String {
        guard let text = value(name) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw RowRejection(.invalidValue, "\(name) '\(text)' is not one of: \(allowed)")
        }
        return choice
    }

    func requiredChoice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, as type: Choice.Type
    ) throws(RowRejection) -> Choice where Choice.RawValue == String {
        guard let choice = try choice(name, as: type) else { throw RowRejection(.missingValue, "\(name) is empty") }
        return choice
    }

    func coordinate() throws(RowRejection) -> Coordinate? {
        let latitude = try decimal("latitude", minimum: -90, maximum: 90)
        let longitude = try decimal("longitude", minimum: -180, maximum: 180)
        switch (latitude, longitude) {
        case (let latitude?, let longitude?): return Coordinate(latitude: latitude, longitude: longitude)
        case (nil, nil): return nil
        default: throw RowRejection(.missingValue, "latitude and longitude must be given together")
        }
    }

    func requiredCoordinate() throws(RowRejection) -> Coordinate {
        guard let coordinate = try coordinate() else {
            throw RowRejection(.missingValue, "latitude and longitude are empty")
        }
        return coordinate
    }

    /// The text without spaces and tabs around it; copies only when there is something to trim.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return text }
        let start = utf8.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? utf8.endIndex
        guard start != utf8.endIndex else { return "" }
        let end = utf8.lastIndex { $0 != 0x20 && $0 != 0x09 }!
        return String(text[start...end])
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
