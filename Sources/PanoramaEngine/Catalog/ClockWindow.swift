import Foundation

/// A span of local clock time, such as `07:00-09:30`, that may wrap past midnight (`23:00-02:00`).
public struct ClockWindow: Hashable, Sendable, CustomStringConvertible {
    /// Seconds after local midnight; `end` may be smaller than `start` for a window over midnight.
    public let start: Int
    public let end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM` with hours 00–24; `nil` for anything else or an empty window.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.clock(parts[0]), let end = Self.clock(parts[1]), start != end else {
            return nil
        }
        self.start = start
        self.end = end
    }

    private static func clock(_ text: Substring) -> Int? {
        let fields = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].count == 2, fields[1].count == 2, let hours = Int(fields[0]),
            let minutes = Int(fields[1]), (0...24).contains(hours), (0..<60).contains(minutes), hours < 24 || minutes == 0
        else { return nil }
        return hours * 3600 + minutes * 60
    }

    /// Seconds of `[from, to)` (seconds of one local day) that fall in the window.
    @inlinable
    public func overlap(from: Int, to: Int) -> Int {
        if start < end { return max(0, min(to, end) - max(from, start)) }
        return max(0, min(to, 86_400) - max(from, start)) + max(0, min(to, end) - max(from, 0))
    }

    public var description: String {
        func clock(_ seconds: Int) -> String {
            let hours = seconds / 3600
            let minutes = seconds % 3600 / 60
            return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
        }
        return clock(start) + "-" + clock(end)
    }
}

/// Which days of the week a rule looks at, as a bit set with Monday as bit 0.
public struct DaysOfWeek: Hashable, Sendable, CustomStringConvertible {
    public let mask: UInt8

    public init(mask: UInt8) { self.mask = mask }

    public static let all = DaysOfWeek(mask: 0x7F)
    public static let weekdays = DaysOfWeek(mask: 0x1F)
    public static let weekends = DaysOfWeek(mask: 0x60)
    static let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Parses `all`, `weekdays`, `weekends` or a day name (`mon` … `sun`).
    public init?(name: String) {
        switch name {
        case "all": mask = Self.all.mask
        case "weekdays": mask = Self.weekdays.mask
        case "weekends": mask = Self.weekends.mask
        default:
            guard let index = Self.names.firstIndex(of: name) else { return nil }
            mask = 1 << UInt8(index)
        }
    }

    /// Whether the day with this weekday (0 = Monday) is included.
    @inlinable
    public func contains(weekday: Int) -> Bool { mask & (1 << UInt8(weekday)) != 0 }

    public var description: String {
        switch self {
        case .all: "all"
        case .weekdays: "weekdays"
        case .weekends: "weekends"
        default: Self.names.indices.filter { contains(weekday: $0) }.map { Self.names[$0] }.joined(separator: ",")
        }
    }
}
