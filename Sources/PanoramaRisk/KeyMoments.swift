import Foundation
import PanoramaModel

/// A moment when a customer is most open to an offer or most at risk (关键时刻).
public enum MomentKind: String, Codable, Sendable, CaseIterable {
    case handsetChange = "handset_change"
    case quotaOverflow = "quota_overflow"
    case voiceSilence = "voice_silence"
    case contractEnding = "contract_ending"
    case serviceFault = "service_fault"
    case churnScoreJump = "churn_score_jump"

    /// What to do, from the retention playbook.
    public var action: String {
        switch self {
        case .handsetChange: "offer handset care and a plan that suits the new phone; a new phone often comes before a port-out"
        case .quotaOverflow: "check that the plan fits: recommend a plan or data add-on that covers their use"
        case .voiceSilence: "call to ask how things are: silence often comes before leaving"
        case .contractEnding: "offer a renewal before the contract ends"
        case .serviceFault: "follow up the repair and explain it; offer after-hours repair"
        case .churnScoreJump: "act on the churn warning with a save offer, by the contact policy of their tier"
        }
    }
}

public struct KeyMoment: Codable, Sendable, Equatable {
    public var subscriber: UInt32
    /// Seconds since the Unix epoch.
    public var time: Int64
    public var kind: MomentKind
    public var evidence: String
    public var action: String

    public init(subscriber: UInt32, time: Int64, kind: MomentKind, evidence: String) {
        self.subscriber = subscriber
        self.time = time
        self.kind = kind
        self.evidence = evidence
        action = kind.action
    }
}

/// Each subscriber's outgoing voice calls per day, over the days the call records cover:
/// what voice silence is read from.
public struct CallDays: Sendable {
    /// Local days with any call record, ascending.
    public private(set) var covered: [Int32]
    /// `calls[callStart[s]..<callStart[s] + callCount[s]]`: the days subscriber `s` made voice
    /// calls, ascending, with how many.
    public private(set) var callStart: [Int32]
    public private(set) var callCount: [Int32]
    public private(set) var calls: [(day: Int32, count: Int32)]

    /// Call days already grouped by subscriber: `callStart[s]` and `callCount[s]` give
    /// subscriber `s`'s days in `calls`.
    init(covered: [Int32], callStart: [Int32], callCount: [Int32], calls: [(day: Int32, count: Int32)]) {
        self.covered = covered
        self.callStart = callStart
        self.callCount = callCount
        self.calls = calls
    }

    public func calls(of subscriber: Int) -> ArraySlice<(day: Int32, count: Int32)> {
        calls[Int(callStart[subscriber])..<Int(callStart[subscriber] + callCount[subscriber])]
    }

    /// The last run of consecutive covered days: the stretch with daily call records.
    public var dailyRun: ClosedRange<Int32>? {
        guard var first = covered.last, let last = covered.last else { return nil }
        for day in covered.reversed().dropFirst() {
            guard day == first - 1 else { break }
            first = day
        }
        return first...last
    }

    /// Where a subscriber's voice calls fell silent at the end of the daily run: the first
    /// day of the longest final stretch of at least `minimumDays` days with at most a tenth
    /// of their usual calls (plus one), when they usually make five or more in such a stretch.
    /// `until` is the last day to look at (the day before they left, for those who did).
    public func silence(of subscriber: Int, minimumDays: Int, until: Int32) -> (from: Int32, days: Int, usualPerDay: Double)? {
        guard let run = dailyRun, until >= run.lowerBound else { return nil }
        let end = min(run.upperBound, until)
        let calls = Array(self.calls(of: subscriber))
        // callsBefore[i]: the calls on the subscriber's first i call days.
        var callsBefore = [0]
        callsBefore.reserveCapacity(calls.count + 1)
        for call in calls { callsBefore.append(callsBefore[callsBefore.count - 1] + Int(call.count)) }
        /// How many of `days` (ascending) come before `day`.
        func count<C: RandomAccessCollection>(_ days: C, before day: Int32, _ key: (C.Element) -> Int32) -> Int where C.Index == Int {
            var low = days.startIndex
            var high = days.endIndex
            while low < high {
                let middle = (low + high) / 2
                if key(days[middle]) < day { low = middle + 1 } else { high = middle }
            }
            return low - days.startIndex
        }
        func callsMade(on day: Int32) -> Int32 {
            let index = count(calls, before: day) { $0.day }
            return index < calls.count && calls[index].day == day ? calls[index].count : 0
        }
        /// The usual calls a day over the covered days before `day`, or `nil` when none is.
        func usual(before day: Int32) -> Double? {
            let days = count(covered, before: day) { $0 }
            guard days > 0 else { return nil }
            return Double(callsBefore[count(calls, before: day) { $0.day }]) / Double(days)
        }
        var from = end + 1
        var quiet: Int32 = 0
        var best: Int32?
        while from > run.lowerBound {
            let day = from - 1
            let inStretch = quiet + callsMade(on: day)
            let days = Int(end - day + 1)
            // The usual rate from the covered days before the stretch.
            guard let usual = usual(before: day) else { break }
            if Double(inStretch) > 0.1 * usual * Double(days) + 1 { break }
            quiet = inStretch
            from = day
            if days >= minimumDays && usual * Double(minimumDays) >= 5 { best = day }
        }
        // The silence begins after the last call that opens the stretch.
        guard var start = best else { return nil }
        while start < end && callsMade(on: start) > 0 { start += 1 }
        guard Int(end - start + 1) >= minimumDays else { return nil }
        return (start, Int(end - start + 1), usual(before: start) ?? 0)
    }
}

/// Finds the key moments of every customer from the ledger, the call days and, when given,
/// the churn scores of the last two month-ends.
public struct MomentDetector {
    public struct Settings: Sendable {
        /// Days without an outgoing call or text that make a silence.
        public var silenceDays = 7
        /// How long before a contract's end the renewal moment comes.
        public var contractNoticeDays = 30

        public init(silenceDays: Int = 7, contractNoticeDays: Int = 30) {
            self.silenceDays = silenceDays
            self.contractNoticeDays = contractNoticeDays
        }
    }

    let ledger: CustomerLedger
    let calls: CallDays?
    let utcOffset: Int
    let settings: Settings

    public init(ledger: CustomerLedger, calls: CallDays?, utcOffset: Int, settings: Settings = Settings()) {
        self.ledger = ledger
        self.calls = calls
        self.utcOffset = utcOffset
        self.settings = settings
    }

    /// Every moment from the first month of usage to `lastDay` (the last day of data),
    /// oldest first. `scores` are the churn scores of the last two month-ends, by subscriber.
    public func detect(through lastDay: Int32, scores: (month: CalendarMonth, current: [UInt32: Double], previous: [UInt32: Double], warningFrom: Double)? = nil) -> [KeyMoment] {
        let firstDay = ledger.months.first.map { Int32($0.firstDay.daysSinceEpoch) } ?? Int32.min
        func time(_ day: Int32, _ second: Int = 0) -> Int64 { UTCOffset(seconds: utcOffset).start(ofDay: day) + Int64(second) }
        var moments: [KeyMoment] = []
        let n = ledger.subscribers
        for subscriber in 0..<n {
            let departure = ledger.departureDay(of: subscriber) ?? .max
            let id = UInt32(subscriber)
            // A new handset: a device other than the one seen before.
            let sightings = ledger.handsets[subscriber]
            for (previous, next) in zip(sightings, sightings.dropFirst()) where next.device != previous.device && next.day <= lastDay {
                moments.append(
                    KeyMoment(
                        subscriber: id, time: next.time, kind: .handsetChange,
                        evidence: "a handset of type \(next.device / 1_000_000) in use, after one of type \(previous.device / 1_000_000) seen since \(CivilDate(daysSinceEpoch: Int(previous.day)))"))
            }
            // Data above the plan's quota in a month.
            for (index, month) in ledger.months.enumerated() {
                let data = ledger.usage.dataMB[index * n + subscriber]
                let quota = ledger.quota(subscriber, month: index)
                guard !data.isNaN, quota > 0, data > quota else { continue }
                let last = month.lastDay
                moments.append(
                    KeyMoment(
                        subscriber: id, time: time(last, 86_399), kind: .quotaOverflow,
                        evidence: "\(wholeNumber(data)) MB used in \(month) against a quota of \(wholeNumber(quota)) MB"))
            }
            // A contract about to end.
            let contractEnd = ledger.contractEndDay[subscriber]
            if contractEnd != .min {
                let notice = contractEnd - Int32(settings.contractNoticeDays)
                if notice >= firstDay && notice <= lastDay && notice < departure {
                    moments.append(
                        KeyMoment(
                            subscriber: id, time: time(notice), kind: .contractEnding,
                            evidence: "the contract ends on \(CivilDate(daysSinceEpoch: Int(contractEnd)))"))
                }
            }
            // Faults: network and broadband complaints.
            for complaint in ledger.complaints[subscriber]
            where (complaint.category == .network || complaint.category == .broadband) && complaint.day <= lastDay {
                let state = complaint.resolvedTime == .max ? "still open" : "resolved"
                moments.append(
                    KeyMoment(subscriber: id, time: complaint.time, kind: .serviceFault, evidence: "a \(complaint.category.rawValue) complaint, \(state)"))
            }
            // Silence: voice calls down to almost none for `silenceDays` of the daily call records.
            if let calls, let silence = calls.silence(of: subscriber, minimumDays: settings.silenceDays, until: departure - 1) {
                moments.append(
                    KeyMoment(
                        subscriber: id, time: time(silence.from), kind: .voiceSilence,
                        evidence: String(
                            format: "almost no calls for %d days from %@, against %.1f a day before", silence.days,
                            CivilDate(daysSinceEpoch: Int(silence.from)).description, silence.usualPerDay)))
            }
            // A churn score that jumped into the warning tenth.
            if let scores, let current = scores.current[id], current >= scores.warningFrom {
                let previous = scores.previous[id] ?? 0
                if current >= 2 * previous {
                    let end = scores.month.lastDay
                    moments.append(
                        KeyMoment(
                            subscriber: id, time: time(end, 86_399), kind: .churnScoreJump,
                            evidence: String(format: "churn score %.3f at the end of %@, up from %.3f", current, scores.month.description, previous)))
                }
            }
        }
        moments.sort { ($0.time, $0.subscriber, $0.kind.rawValue) < ($1.time, $1.subscriber, $1.kind.rawValue) }
        return moments
    }
}

/// A value rounded to a whole number for evidence and reasons, whatever its size.
func wholeNumber(_ value: Float) -> String {
    guard value.isFinite else { return "?" }
    return Int(exactly: value.rounded()).map(String.init) ?? String(format: "%.0f", value)
}
