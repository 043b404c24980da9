import Foundation
import PanoramaModel

/// One input of the risk models, computed for a customer as of the end of a month.
public enum RiskFeature: String, CaseIterable, Codable, Sendable {
    /// Last three months' ARPU against the three before, as a relative change in −1…1.
    case arpuTrend = "arpu_trend"
    /// Last month's voice minutes against the three months before, −1…1.
    case voiceTrend = "voice_trend"
    case dataTrend = "data_trend"
    case activeDaysTrend = "active_days_trend"
    /// 1 when the customer, who usually makes a voice call a day or more, made none on the
    /// month's last day of call records.
    case voiceSilence = "voice_silence"
    /// Outgoing voice calls on the month's last day of call records against the customer's
    /// usual calls a day over the 90 days before, at most 2.
    case lastDayCalls = "last_day_calls"
    /// Calls and texts with other subscribers in the month's call records against the three
    /// months before, −1…1: a customer about to leave falls silent weeks before.
    case callTrend = "call_trend"
    /// Months of the last three with data above the plan's quota, 0…3.
    case quotaOverflows = "quota_overflows"
    /// 1 with data above the quota in two or more of the last three months.
    case repeatedOverflows = "repeated_overflows"
    /// Last month's data as a share of the plan's quota, at most 2.
    case quotaUse = "quota_use"
    /// 1 when the last three months' data stayed under a third of their quotas: a plan too
    /// big for the customer, who may move to a cheaper one.
    case lightUse = "light_use"
    /// log(1 + last month's ARPU).
    case spend
    /// Complaints in the last 90 days.
    case complaints = "complaints_90d"
    /// 1 while a complaint of the last 90 days is still open at the month's end.
    case unresolvedComplaint = "unresolved_complaint"
    /// 1 when the contract ends within 60 days of the month's end.
    case contractEnding = "contract_ending"
    /// 1 while a contract runs past the month's end.
    case underContract = "under_contract"
    /// 1 after a new handset in the last 30 days.
    case newHandset = "new_handset"
    /// Years since the handset in use was first seen, at most 4.
    case handsetAge = "handset_age"
    /// log(1 + tenure in months).
    case tenure
    /// 1 in the first six months.
    case newCustomer = "new_customer"
    /// 1 after a move to a cheaper plan in the last 180 days.
    case downgraded
    /// 1 under 25 years of age.
    case young
    /// 1 at 60 or older.
    case senior
    /// The share of the customer's contacts (weighted by calls and texts) who already left,
    /// as log(1 + 8 × share): the first contacts to leave weigh most.
    case contactsLeft = "contacts_left"

    /// What usage and the bill alone tell: the features of the usage-only model.
    public var isUsage: Bool {
        switch self {
        case .arpuTrend, .voiceTrend, .dataTrend, .activeDaysTrend, .voiceSilence, .lastDayCalls, .callTrend, .quotaOverflows,
            .repeatedOverflows, .lightUse,
            .quotaUse, .spend:
            true
        default: false
        }
    }

    /// Why this value raises a score, in words, for a customer's reasons.
    public func reason(_ value: Float) -> String {
        func percent(_ change: Float) -> String { "\(Int((abs(change) * 100).rounded()))%" }
        switch self {
        case .arpuTrend: return value < 0 ? "bill down \(percent(value)) on the three months before" : "bill up \(percent(value))"
        case .voiceTrend: return value < 0 ? "voice minutes down \(percent(value))" : "voice minutes up \(percent(value))"
        case .dataTrend: return value < 0 ? "data use down \(percent(value))" : "data use up \(percent(value))"
        case .activeDaysTrend: return value < 0 ? "active days down \(percent(value))" : "active days up \(percent(value))"
        case .voiceSilence: return value > 0 ? "no calls on the last day of call records" : "still calling"
        case .lastDayCalls: return "calls on the last day of call records at \(Int((value * 100).rounded()))% of usual"
        case .callTrend: return value < 0 ? "calls and texts down \(percent(value))" : "calls and texts up \(percent(value))"
        case .quotaOverflows: return "data above the quota in \(Int(value)) of the last 3 months"
        case .repeatedOverflows: return value > 0 ? "data above the quota in 2 or more of the last 3 months" : "data within the quota"
        case .lightUse: return value > 0 ? "used under a third of the data quota for three months" : "uses much of the data quota"
        case .quotaUse: return "used \(percent(value)) of the data quota last month"
        case .spend: return "a bill of \(wholeNumber(expm1(value))) yuan"
        case .complaints: return value == 1 ? "1 complaint in the last 90 days" : "\(Int(value)) complaints in the last 90 days"
        case .unresolvedComplaint: return value > 0 ? "a complaint still open" : "no open complaint"
        case .contractEnding: return value > 0 ? "the contract ends within 60 days" : "no contract ending soon"
        case .underContract: return value > 0 ? "under contract" : "not under contract"
        case .newHandset: return value > 0 ? "a new handset in the last 30 days" : "no new handset"
        case .handsetAge: return String(format: "a handset %.1f years old", value)
        case .tenure: return "a customer for \(wholeNumber(expm1(value))) months"
        case .newCustomer: return value > 0 ? "a customer for under 6 months" : "a customer for 6 months or more"
        case .downgraded: return value > 0 ? "moved to a cheaper plan in the last 180 days" : "no downgrade"
        case .young: return value > 0 ? "under 25" : "25 or older"
        case .senior: return value > 0 ? "60 or older" : "under 60"
        case .contactsLeft: return "\(percent((exp(value) - 1) / 8)) of their contacts have left"
        }
    }
}

/// Features of every customer active at the end of a month, one row per customer.
public struct FeatureMatrix: Sendable {
    public let features: [RiskFeature]
    /// Row-major: `values[row * features.count + column]`.
    public private(set) var values: [Float]
    public private(set) var subscribers: [UInt32]

    public var rows: Int { subscribers.count }

    public subscript(row: Int, column: Int) -> Float { values[row * features.count + column] }

    init(features: [RiskFeature], values: [Float], subscribers: [UInt32]) {
        self.features = features
        self.values = values
        self.subscribers = subscribers
    }

    /// The rows of this matrix and then those of `other` (same features).
    mutating func append(_ other: FeatureMatrix) {
        values += other.values
        subscribers += other.subscribers
    }

    /// The rows in `range`, all columns.
    public func selectingRows(_ range: Range<Int>) -> FeatureMatrix {
        let width = features.count
        return FeatureMatrix(
            features: features, values: Array(values[range.lowerBound * width..<range.upperBound * width]),
            subscribers: Array(subscribers[range]))
    }

    /// The same rows with only `chosen` columns.
    func selecting(_ chosen: [RiskFeature]) -> FeatureMatrix {
        let columns = chosen.map { feature in features.firstIndex(of: feature) ?? 0 }
        var selected: [Float] = []
        selected.reserveCapacity(rows * columns.count)
        for row in 0..<rows {
            for column in columns { selected.append(self[row, column]) }
        }
        return FeatureMatrix(features: chosen, values: selected, subscribers: subscribers)
    }
}

/// Computes the risk features from a customer ledger and a call graph whose periods are
/// the ledger's months (and, last, whatever comes after them).
public struct RiskFeatureExtractor: Sendable {
    public let ledger: CustomerLedger
    let graph: CallGraph
    /// Each subscriber's outgoing voice calls per day, for silences; `nil` without call records.
    public let calls: CallDays?
    /// Each subscriber's departure day (port-out or cancellation), `Int32.max` for none.
    let departures: [Int32]

    /// Per month: its last day with call records, and how many days with call records the
    /// 90 days before that one hold; `nil` for a month without call records.
    let lastCallDay: [(day: Int32, daysBefore: Int)?]

    public init(ledger: CustomerLedger, graph: CallGraph, calls: CallDays? = nil) {
        self.ledger = ledger
        self.graph = graph
        self.calls = calls
        lastCallDay = ledger.months.map { month in
            let first = Int32(month.firstDay.daysSinceEpoch)
            let end = month.lastDay
            guard let covered = calls?.covered, let last = covered.last(where: { $0 <= end }), last >= first else { return nil }
            return (last, covered.filter { $0 < last && last - $0 <= 90 }.count)
        }
        departures = (0..<ledger.subscribers).map { ledger.departureDay(of: $0) ?? .max }
    }

    /// The last day of month `index` of the ledger.
    public func monthEnd(_ index: Int) -> Int32 { ledger.months[index].lastDay }

    /// Whether the subscriber was billed in month `index` and had not left by its end.
    public func isActive(_ subscriber: Int, month index: Int) -> Bool {
        !ledger.usage.arpu[index * ledger.subscribers + subscriber].isNaN && departures[subscriber] > monthEnd(index)
    }

    /// The features of every customer active at the end of month `index`, computed on all
    /// cores in contiguous ranges of subscribers and joined in subscriber order.
    public func matrix(month index: Int, workers: Int = ParallelWorkers.defaultCount) -> FeatureMatrix {
        let features = RiskFeature.allCases
        let n = ledger.subscribers
        let parts = max(1, min(workers, n / 10_000 + 1))
        let extractor = self
        let pieces = ParallelWorkers.compute(count: parts) { part -> FeatureMatrix in
            var values: [Float] = []
            var subscribers: [UInt32] = []
            var row = [Float](repeating: 0, count: features.count)
            for subscriber in (part * n / parts)..<((part + 1) * n / parts) where extractor.isActive(subscriber, month: index) {
                extractor.fill(&row, subscriber: subscriber, month: index)
                values += row
                subscribers.append(UInt32(subscriber))
            }
            return FeatureMatrix(features: features, values: values, subscribers: subscribers)
        }
        var matrix = FeatureMatrix(features: features, values: [], subscribers: [])
        for piece in pieces { matrix.append(piece) }
        return matrix
    }

    /// Writes one customer's features, in `RiskFeature.allCases` order, into `row`.
    public func fill(_ row: inout [Float], subscriber: Int, month index: Int) {
        let n = ledger.subscribers
        let end = monthEnd(index)
        func value(_ column: [Float], _ month: Int) -> Float? {
            guard month >= 0 else { return nil }
            let value = column[month * n + subscriber]
            return value.isNaN ? nil : value
        }
        func mean(_ column: [Float], _ months: ClosedRange<Int>) -> Float? {
            var sum: Float = 0
            var count = 0
            for month in months {
                if let value = value(column, month) {
                    sum += value
                    count += 1
                }
            }
            return count > 0 ? sum / Float(count) : nil
        }
        /// A relative change clamped to −1…1; 0 when there is nothing to compare with.
        func change(_ now: Float?, _ before: Float?) -> Float {
            guard let now, let before, before > 0 else { return 0 }
            return max(-1, min(1, now / before - 1))
        }
        let usage = ledger.usage
        let voiceNow = value(usage.voiceMinutes, index)
        let voiceBefore = mean(usage.voiceMinutes, index - 3...index - 1)
        var overflows: Float = 0
        var lightMonths = 0
        for month in index - 2...index {
            if month >= 0, let data = value(usage.dataMB, month), case let quota = ledger.quota(subscriber, month: month), quota > 0 {
                if data > quota { overflows += 1 }
                if data < quota / 3 { lightMonths += 1 }
            }
        }
        let complaints = ledger.complaints[subscriber]
        let handsets = ledger.handsets[subscriber].filter { $0.day <= end }
        var changeDay: Int32?
        var currentSince = handsets.first?.day
        for (previous, next) in zip(handsets, handsets.dropFirst()) where next.device != previous.device {
            changeDay = next.day
            currentSince = next.day
        }
        let lastDay = lastDayOfCalls(subscriber, month: index)
        // The first second after the month, local time.
        let monthEndTime = UTCOffset(seconds: ledger.utcOffsetSeconds).start(ofDay: end + 1)
        let contractEnd = ledger.contractEndDay[subscriber]
        let tenureMonths = max(0, Float(end - ledger.activationDay[subscriber]) / 30.44)
        let age = ledger.age[subscriber]
        for (column, feature) in RiskFeature.allCases.enumerated() {
            row[column] =
                switch feature {
                case .arpuTrend: change(mean(usage.arpu, index - 2...index), mean(usage.arpu, index - 5...index - 3))
                case .voiceTrend: change(voiceNow, voiceBefore)
                case .dataTrend: change(value(usage.dataMB, index), mean(usage.dataMB, index - 3...index - 1))
                case .activeDaysTrend: change(value(usage.activeDays, index), mean(usage.activeDays, index - 3...index - 1))
                case .voiceSilence: lastDay.usual >= 1 && lastDay.calls == 0 ? 1 : 0
                case .lastDayCalls: lastDay.usual > 0 ? min(2, lastDay.calls / lastDay.usual) : 1
                case .callTrend:
                    index >= 1 && index < graph.periods
                        ? change(graph.calls(of: subscriber, in: index), (max(0, index - 3)..<index).map { graph.calls(of: subscriber, in: $0) }.reduce(0, +) / Float(min(3, index)))
                        : 0
                case .quotaOverflows: overflows
                case .repeatedOverflows: overflows >= 2 ? 1 : 0
                case .lightUse: lightMonths == 3 ? 1 : 0
                case .quotaUse:
                    ledger.quota(subscriber, month: index) > 0 ? min(2, (value(usage.dataMB, index) ?? 0) / ledger.quota(subscriber, month: index)) : 0
                case .spend: log1p(max(0, value(usage.arpu, index) ?? 0))
                case .complaints: Float(complaints.filter { $0.day <= end && end - $0.day < 90 }.count)
                case .unresolvedComplaint:
                    complaints.contains { $0.day <= end && end - $0.day < 90 && $0.resolvedTime > monthEndTime } ? 1 : 0
                case .contractEnding: contractEnd != .min && contractEnd >= end && contractEnd - end <= 60 ? 1 : 0
                case .underContract: contractEnd != .min && contractEnd > end ? 1 : 0
                case .newHandset: changeDay.map { end - $0 < 30 } == true ? 1 : 0
                case .handsetAge: currentSince.map { min(4, Float(end - $0) / 365.25) } ?? 0
                case .tenure: log1p(tenureMonths)
                case .newCustomer: tenureMonths < 6 ? 1 : 0
                case .downgraded: ledger.churn[subscriber].contains { $0.kind == .downgrade && $0.day <= end && end - $0.day < 180 } ? 1 : 0
                case .young: age >= 0 && age < 25 ? 1 : 0
                case .senior: age >= 60 ? 1 : 0
                case .contactsLeft: Float(log1p(8 * graph.departedShare(of: subscriber, departures: departures, through: index, by: end)))
                }
        }
    }

    /// Outgoing voice calls on the month's last day with call records, and the usual calls
    /// a day over the covered days of the 90 days before it; (0, 0) without call records.
    func lastDayOfCalls(_ subscriber: Int, month index: Int) -> (calls: Float, usual: Float) {
        guard let calls, let (last, before) = lastCallDay[index] else { return (0, 0) }
        var usual = 0
        var onLast = 0
        for entry in calls.calls(of: subscriber) where entry.day <= last && last - entry.day <= 90 {
            if entry.day == last { onLast = Int(entry.count) } else { usual += Int(entry.count) }
        }
        return (Float(onLast), before > 0 ? Float(usual) / Float(before) : 0)
    }

    /// 1 for customers who left (`.churn`) or moved to a cheaper plan (`.downgrade`) in the
    /// month after `index`, for the rows of `matrix`.
    public func labels(_ matrix: FeatureMatrix, kind: RiskKind, month index: Int) -> [Float] {
        let from = monthEnd(index) + 1
        let to = ledger.months[index].next.lastDay
        return matrix.subscribers.map { subscriber in
            let events = ledger.churn[Int(subscriber)]
            let hit = events.contains { event in
                event.day >= from && event.day <= to && (kind == .churn ? event.kind != .downgrade : event.kind == .downgrade)
            }
            return hit ? 1 : 0
        }
    }
}

/// What a risk model warns of.
public enum RiskKind: String, Codable, Sendable, CaseIterable {
    /// 离网预警: the customer leaves (port-out or cancellation) next month.
    case churn
    /// 降级预警: the customer moves to a cheaper plan next month.
    case downgrade
}
