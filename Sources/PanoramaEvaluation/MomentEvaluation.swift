import Foundation
import PanoramaModel
import PanoramaRisk
import PanoramaStore

/// How well the key moments found match a demo city's true moments (`truth/moments.csv`).
///
/// A found moment matches a true one of the same subscriber and kind within a day, each
/// true moment matched at most once; a silence (21 days without calls before leaving, in the
/// truth) matches when the silence found starts within it or up to a week before it. Only
/// true moments that could be seen are counted: dated from the first month of usage to the
/// last day of data, and for silences, those overlapping the days with daily call records
/// by at least the days a silence needs.
public struct MomentEvaluation: Sendable, Codable {
    public struct KindScore: Sendable, Codable, Equatable {
        public var kind: String
        public var found: Int
        public var expected: Int
        public var matched: Int
        public var precision: Double
        public var recall: Double
    }

    public var kinds: [KindScore]

    /// A true silence lasts the three weeks before a departure.
    static let truthSilenceDays: Int64 = 21

    static let evaluatedKinds: [MomentKind] = [.handsetChange, .quotaOverflow, .voiceSilence, .contractEnding, .serviceFault]

    public static func run(workspace: Workspace, truthDirectory: URL, silenceDays: Int = MomentDetector.Settings().silenceDays) throws -> MomentEvaluation {
        let extractor = try workspace.riskFeatureExtractor()
        let finding = try workspace.keyMoments(extractor, models: workspace.trainedModels(), silenceDays: silenceDays)
        let found = finding.moments
        let firstDay = extractor.ledger.months.first.map { Int64($0.firstDay.daysSinceEpoch) } ?? .min
        let lastDay = Int64(finding.lastDay ?? .max)
        let run = extractor.calls?.dailyRun
        func day(_ time: Int64) -> Int64 { Int64(workspace.configuration.utcOffset.localDay(of: time)) }
        func visible(_ kind: MomentKind, _ time: Int64) -> Bool {
            let local = day(time)
            if kind == .voiceSilence {
                guard let run else { return false }
                let overlap = min(local + Self.truthSilenceDays - 1, Int64(run.upperBound)) - max(local, Int64(run.lowerBound)) + 1
                return overlap >= Int64(silenceDays)
            }
            return local >= firstDay && local <= lastDay
        }
        func foundVisible(_ moment: KeyMoment) -> Bool {
            moment.kind == .voiceSilence ? true : visible(moment.kind, moment.time)
        }

        let keys = try workspace.allSubscriberKeys()
        let numbers = try workspace.revealNumbers(of: keys.map(\.index))
        var index: [String: UInt32] = [:]
        for (subscriber, number) in numbers { index[number] = subscriber }
        let (column, rows) = try Truth.rows(
            truthDirectory.appendingPathComponent("moments.csv"), required: ["subscriber", "time", "kind"])
        var expected: [MomentKind: [UInt32: [Int64]]] = [:]
        for (line, row) in rows.enumerated() {
            guard let kind = MomentKind(rawValue: row[column["kind"]!]), evaluatedKinds.contains(kind) else { continue }
            guard let time = Self.time(row[column["time"]!]) else {
                throw EvaluationError.malformedTruth(
                    path: truthDirectory.appendingPathComponent("moments.csv").path, line: line + 2, reason: "its time is not YYYY-MM-DDTHH:MM:SS+HH:MM")
            }
            guard let subscriber = index[row[column["subscriber"]!]], visible(kind, time) else { continue }
            expected[kind, default: [:]][subscriber, default: []].append(time)
        }
        var scores: [KindScore] = []
        for kind in evaluatedKinds {
            // How far before (negative) or after a true moment a found one may start.
            let window: ClosedRange<Int64> =
                kind == .voiceSilence ? -(Self.truthSilenceDays - 1) * 86_400...7 * 86_400 : -86_400...86_400
            var remaining = expected[kind] ?? [:]
            var foundCount = 0
            var matched = 0
            for moment in found where moment.kind == kind && foundVisible(moment) {
                foundCount += 1
                guard var times = remaining[moment.subscriber],
                    let best = times.indices.filter({ window.contains(times[$0] - moment.time) })
                        .min(by: { abs(times[$0] - moment.time) < abs(times[$1] - moment.time) })
                else { continue }
                times.remove(at: best)
                remaining[moment.subscriber] = times
                matched += 1
            }
            let expectedCount = (expected[kind] ?? [:]).values.reduce(0) { $0 + $1.count }
            scores.append(
                KindScore(
                    kind: kind.rawValue, found: foundCount, expected: expectedCount, matched: matched,
                    precision: foundCount > 0 ? Double(matched) / Double(foundCount) : 0,
                    recall: expectedCount > 0 ? Double(matched) / Double(expectedCount) : 0))
        }
        return MomentEvaluation(kinds: scores)
    }

    /// Seconds since the epoch of `2026-11-02T08:15:00+08:00`, as the demo city writes times.
    static func time(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 25 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let date = CivilDate(text: String(decoding: bytes[0..<10], as: UTF8.self)), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), let offsetHours = number(20..<22),
            let offsetMinutes = number(23..<25)
        else { return nil }
        let sign: Int64 = bytes[19] == UInt8(ascii: "-") ? -1 : 1
        return Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            - sign * Int64(offsetHours * 3600 + offsetMinutes * 60)
    }
}
