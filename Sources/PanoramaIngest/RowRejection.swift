/// Why one row was refused; the row is reported and counted, the rest of the file goes on.
public enum RejectReason: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable, Comparable {
    case wrongColumnCount = "wrong column count"
    case unclosedQuote = "unclosed quote"
    case missingValue = "missing value"
    case invalidNumber = "invalid number"
    case invalidTimestamp = "invalid timestamp"
    case invalidDate = "invalid date"
    case invalidValue = "invalid value"
    case invalidSubscriberNumber = "invalid subscriber number"
    case negativeDuration = "negative duration"
    case inconsistentTimes = "end before start"
    case unknownRegion = "unknown region"
    case unknownCell = "unknown cell"
    case unknownPlace = "unknown place"
    case unknownProduct = "unknown product"
    case unknownChannel = "unknown channel"
    case undefinedSubscriber = "subscriber not defined"
    case duplicate = "duplicate"

    public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A rejected row's reason and the detail that lets a user find and fix it.
///
/// The detail never contains a full subscriber number: numbers appear masked.
struct RowRejection: Error, Sendable {
    var reason: RejectReason
    var detail: String

    init(_ reason: RejectReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }
}
