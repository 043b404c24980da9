import Foundation
import PanoramaModel
import PanoramaRisk

#if canImport(Glibc)
    import Glibc
#endif

/// Times risk scoring of a large customer base: the features of every customer at a
/// month-end (a year of usage, events and a call graph) and their churn and downgrade
/// scores with reasons.
///
/// The customers are made up in memory (twelve months of bills and usage, handsets,
/// complaints, contracts and ten contacts each), because a demo city of a million takes
/// minutes to generate and ingest; loading a workspace's ledger is measured apart, by
/// timing `panorama risk score` on a demo workspace.
public struct RiskBenchmark {
    public struct Result: Sendable {
        public var subscribers: Int
        public var featureSeconds: Double
        public var scoreSeconds: Double
        public var peakMemoryBytes: Int
    }

    public let subscribers: Int

    public init(subscribers: Int) {
        self.subscribers = subscribers
    }

    public func run(log: (String) -> Void) throws -> Result {
        log("making up \(subscribers.grouped) customers with twelve months of history")
        let (ledger, graph, calls) = try Self.customers(subscribers)
        let extractor = RiskFeatureExtractor(ledger: ledger, graph: graph, calls: calls)
        // A model fitted on a small sample: its coefficients do not change the cost of scoring.
        let monthTen = extractor.matrix(month: 10)
        let sample = monthTen.selectingRows(0..<min(20_000, monthTen.rows))
        let labels = sample.subscribers.map { Float($0 % 37 == 0 ? 1 : 0) }
        let model = try LogisticModel.fit(sample, labels: labels)
        let metrics = RiskMetrics(scores: model.probabilities(sample), labels: labels)
        let kind = RiskModelFile.Models(
            model: model, usageOnly: model, withoutContacts: model, trainingRows: sample.rows, trainingPositives: metrics.positives,
            evaluation: RiskModelFile.Evaluation(model: metrics, usageOnly: metrics, withoutContacts: metrics))
        let models = RiskModelFile(trainingMonths: [], testMonths: [], churn: kind, downgrade: kind, notes: [])

        let featuresStarted = Date()
        let matrix = extractor.matrix(month: 11)
        let featureSeconds = Date().timeIntervalSince(featuresStarted)
        let scoreStarted = Date()
        let (_, scores) = try RiskScorer(extractor: extractor, models: models).score(month: ledger.months.last)
        let scoreSeconds = Date().timeIntervalSince(scoreStarted)
        precondition(scores.count == matrix.rows, "every active customer is scored")
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Result(subscribers: subscribers, featureSeconds: featureSeconds, scoreSeconds: scoreSeconds, peakMemoryBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// Customers with a year of varied usage, events and ten contacts each, from a fixed seed.
    static func customers(_ n: Int) throws -> (CustomerLedger, CallGraph, CallDays) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
        var months: [CalendarMonth] = []
        var month = CalendarMonth(year: 2025, month: 11)!
        for _ in 0..<12 {
            months.append(month)
            month = month.next
        }
        var usage = MonthlyColumns(months: 12, subscribers: n)
        for index in 0..<(12 * n) {
            usage.arpu[index] = 20 + 150 * unit()
            usage.voiceMinutes[index] = 400 * unit()
            usage.dataMB[index] = 20_000 * unit()
            usage.sms[index] = 60 * unit()
            usage.activeDays[index] = 20 + 10 * unit()
        }
        let start = Int32(months[0].firstDay.daysSinceEpoch)
        var handsets: [(Int, HandsetSighting)] = []
        var complaints: [(Int, ComplaintFact)] = []
        var churn: [(Int, ChurnFact)] = []
        for subscriber in 0..<n {
            handsets.append((subscriber, HandsetSighting(time: 0, day: start, device: next() % 100_000_000_000_000)))
            if next() % 4 == 0 { handsets.append((subscriber, HandsetSighting(time: 1, day: start + Int32(next() % 360), device: next() % 100_000_000_000_000))) }
            if next() % 10 == 0 { complaints.append((subscriber, ComplaintFact(time: 0, day: start + Int32(next() % 360), category: .network, resolvedTime: .max))) }
            if next() % 50 == 0 { churn.append((subscriber, ChurnFact(time: 0, day: start + Int32(next() % 400), kind: next() % 2 == 0 ? .portOut : .downgrade))) }
        }
        func grouped<Item>(_ pairs: [(Int, Item)]) -> PerSubscriber<Item> {
            PerSubscriber(pairs, subscribers: n, subscriber: { $0.0 }, order: { _, _ in false }).map(\.1)
        }
        let ledger = CustomerLedger(
            subscribers: n, months: months, products: [], activationDay: (0..<n).map { _ in start - Int32(next() % 3000) },
            contractEndDay: (0..<n).map { _ in next() % 3 == 0 ? start + Int32(next() % 500) : .min },
            monthlyFee: [Float](repeating: 58, count: n), quotaMB: [Float](repeating: 10_240, count: n), plan: [Int32](repeating: -1, count: n),
            age: (0..<n).map { _ in Int16(18 + next() % 60) }, usage: usage, subscriptions: grouped([(Int, SubscriptionSpan)]()),
            handsets: grouped(handsets), complaints: grouped(complaints), churn: grouped(churn))
        var records: [InteractionRecord] = []
        records.reserveCapacity(n * 10)
        for subscriber in 0..<n {
            for _ in 0..<10 {
                let other = UInt32(next() % UInt64(n))
                let time = UInt32(Int64(start) * 86_400 + Int64(next() % (360 * 86_400)))
                records.append(InteractionRecord(owner: UInt32(subscriber), other: other, time: time, kind: .voice, outgoing: true, duration: 60))
            }
        }
        let ends = months.map { Int64($0.next.firstDay.daysSinceEpoch) * 86_400 }
        var byPartition = [[InteractionRecord]](repeating: [], count: 64)
        for record in records { byPartition[Int(record.owner) % 64].append(record) }
        let partitions = byPartition
        let (graph, days) = try CallRecords.read(
            subscribers: n, partitions: 64, periods: 13, period: { record in ends.firstIndex { Int64(record.time) < $0 } ?? 12 },
            day: { Int32(Int64($0) / 86_400) }, partition: { partitions[$0] })
        return (ledger, graph, days)
    }
}
