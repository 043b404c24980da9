import Foundation
import PanoramaModel
import PanoramaStore
import PanoramaTestSupport
import Testing

@testable import PanoramaRisk

@Suite struct RiskFeatureTests {
    static func column(_ feature: RiskFeature) -> Int { RiskFeature.allCases.firstIndex(of: feature)! }

    /// A call between two subscribers as ingest stores it: one record for each of them.
    static func call(_ caller: UInt32, _ callee: UInt32, day: Int32, kind: InteractionKind = .voice) -> [InteractionRecord] {
        let time = UInt32(Int64(day) * 86_400 + 43_200)
        return [
            InteractionRecord(owner: caller, other: callee, time: time, kind: kind, outgoing: true, duration: 60),
            InteractionRecord(owner: callee, other: caller, time: time, kind: kind, outgoing: false, duration: 60),
        ]
    }

    /// The ledger's months as periods, the way the workspace builds the graph (UTC here).
    static func calls(_ records: [InteractionRecord], ledger: CustomerLedger, partitions: Int = 3) throws -> (CallGraph, CallDays) {
        let ends = ledger.months.map { Int64($0.next.firstDay.daysSinceEpoch) * 86_400 }
        return try CallRecords.read(
            subscribers: ledger.subscribers, partitions: partitions, periods: ends.count + 1,
            period: { record in ends.firstIndex { Int64(record.time) < $0 } ?? ends.count }, day: { Int32(Int64($0) / 86_400) },
            partition: { partition in records.filter { Int($0.owner) % partitions == partition } })
    }

    @Test func usageBillAndEventFeaturesAsOfAMonthEnd() throws {
        var builder = LedgerBuilder(subscribers: 2, months: 6)
        for month in 0..<6 {
            builder.bill(0, month: month, arpu: month < 3 ? 100 : 50, activeDays: 30, voice: month == 5 ? 10 : 200, data: month >= 3 ? 6000 : 1000)
            builder.bill(1, month: month, arpu: 40)
        }
        let end = LedgerBuilder.day(2026, 6, 30)
        builder.complaints.append((0, ComplaintFact(time: 0, day: end - 10, category: .network, resolvedTime: .max)))
        builder.complaints.append((0, ComplaintFact(time: 0, day: end - 200, category: .billing, resolvedTime: .max)))
        builder.contractEnd[0] = end + 20
        builder.contractEnd[1] = end + 400
        builder.handsets += [
            (0, HandsetSighting(time: 0, day: LedgerBuilder.day(2026, 1, 2), device: 86_769_405_000_001)),
            (0, HandsetSighting(time: 1, day: end - 5, device: 86_214_306_000_002)),
        ]
        builder.activation[0] = LedgerBuilder.day(2026, 3, 1)
        builder.age = [22, 65]
        builder.churn.append((0, ChurnFact(time: 0, day: end - 100, kind: .downgrade)))
        let ledger = builder.ledger
        let extractor = RiskFeatureExtractor(ledger: ledger, graph: CallGraph(subscribers: 2))
        var row = [Float](repeating: 0, count: RiskFeature.allCases.count)
        extractor.fill(&row, subscriber: 0, month: 5)
        func value(_ feature: RiskFeature) -> Float { row[Self.column(feature)] }
        #expect(value(.arpuTrend) == -0.5)
        #expect(value(.voiceTrend) == -0.95)
        #expect(value(.voiceSilence) == 0 && value(.lastDayCalls) == 1, "no call records: no silence can be seen")
        #expect(value(.quotaOverflows) == 3 && value(.repeatedOverflows) == 1)
        #expect(abs(value(.quotaUse) - 6000 / 5120) < 1e-6)
        #expect(value(.complaints) == 1, "the billing complaint is older than 90 days")
        #expect(value(.unresolvedComplaint) == 1)
        #expect(value(.contractEnding) == 1 && value(.underContract) == 1)
        #expect(value(.newHandset) == 1)
        #expect(value(.newCustomer) == 1)
        #expect(value(.downgraded) == 1)
        #expect(value(.young) == 1 && value(.senior) == 0)
        #expect(value(.contactsLeft) == 0, "no calls: no contacts")
        #expect(row.allSatisfy { $0.isFinite })

        #expect(value(.lightUse) == 0)
        extractor.fill(&row, subscriber: 1, month: 5)
        #expect(value(.arpuTrend) == 0 && value(.voiceTrend) == 0 && value(.quotaOverflows) == 0)
        #expect(value(.lightUse) == 1, "1,000 MB a month of a 5,120 MB quota")
        #expect(value(.contractEnding) == 0 && value(.underContract) == 1 && value(.senior) == 1)
        #expect(value(.newHandset) == 0 && value(.handsetAge) == 0)
    }

    /// A month's own quota, when the usage gives one, is what its data is measured against.
    @Test func eachMonthIsMeasuredAgainstItsOwnQuota() throws {
        var builder = LedgerBuilder(subscribers: 1, months: 3)
        for month in 0..<3 { builder.bill(0, month: month, arpu: 38, data: 6000) }
        // The plan was 10 GB until the last month, when the customer moved to today's 5 GB.
        builder.usage.quotaMB[0] = 10_240
        builder.usage.quotaMB[1] = 10_240
        let ledger = builder.ledger
        #expect(ledger.quota(0, month: 0) == 10_240 && ledger.quota(0, month: 2) == 5120, "no monthly quota: today's")
        let extractor = RiskFeatureExtractor(ledger: ledger, graph: CallGraph(subscribers: 1))
        var row = [Float](repeating: 0, count: RiskFeature.allCases.count)
        extractor.fill(&row, subscriber: 0, month: 2)
        #expect(row[Self.column(.quotaOverflows)] == 1)
        let moments = MomentDetector(ledger: ledger, calls: nil, utcOffset: 0).detect(through: LedgerBuilder.day(2026, 3, 31))
        #expect(moments.filter { $0.kind == .quotaOverflow }.map(\.evidence) == ["6000 MB used in 2026-03 against a quota of 5120 MB"])
    }

    @Test func aMonthWithoutUsageAndOneMonthOfHistoryGiveFiniteFeatures() throws {
        var builder = LedgerBuilder(subscribers: 1, months: 3)
        builder.bill(0, month: 2, arpu: 0, activeDays: 0, voice: 0, data: 0)
        let extractor = RiskFeatureExtractor(ledger: builder.ledger, graph: CallGraph(subscribers: 1))
        var row = [Float](repeating: .nan, count: RiskFeature.allCases.count)
        extractor.fill(&row, subscriber: 0, month: 2)
        #expect(row.allSatisfy { $0.isFinite })
        #expect(extractor.matrix(month: 1).rows == 0, "not billed in the month: not scored")
        #expect(extractor.matrix(month: 2).rows == 1)
    }

    /// Subscriber 0 calls four times on each day of call records but not on the month's
    /// last one; subscriber 1 keeps calling.
    @Test func voiceSilenceOnTheMonthsLastDayOfCallRecords() throws {
        var builder = LedgerBuilder(subscribers: 2, months: 3)
        for subscriber in 0..<2 { builder.billEveryMonth(subscriber, arpu: 38) }
        var records: [InteractionRecord] = []
        for day in [1, 8, 15, 22] {
            for month in 1...3 {
                let date = LedgerBuilder.day(2026, month, day)
                for caller: UInt32 in [0, 1] where !(caller == 0 && month == 3 && day == 22) {
                    for _ in 0..<4 { records += Self.call(caller, 1 - caller, day: date) }
                }
            }
        }
        let ledger = builder.ledger
        let (graph, calls) = try Self.calls(records, ledger: ledger)
        let extractor = RiskFeatureExtractor(ledger: ledger, graph: graph, calls: calls)
        var row = [Float](repeating: 0, count: RiskFeature.allCases.count)
        extractor.fill(&row, subscriber: 0, month: 2)
        #expect(row[Self.column(.voiceSilence)] == 1 && row[Self.column(.lastDayCalls)] == 0)
        extractor.fill(&row, subscriber: 1, month: 2)
        #expect(row[Self.column(.voiceSilence)] == 0 && row[Self.column(.lastDayCalls)] == 1)
        extractor.fill(&row, subscriber: 0, month: 1)
        #expect(row[Self.column(.voiceSilence)] == 0, "in February they still called")
    }

    /// Contacts who left count by the calls made up to the month-end, and only once gone.
    @Test func contactsWhoLeftAreWeightedByTheCallsSoFar() throws {
        var builder = LedgerBuilder(subscribers: 4, months: 6)
        for subscriber in 0..<4 { builder.billEveryMonth(subscriber, arpu: 38) }
        // Subscriber 0 calls 1 three times in February, 2 once in February, 3 in June only.
        var records: [InteractionRecord] = []
        for _ in 0..<3 { records += Self.call(0, 1, day: LedgerBuilder.day(2026, 2, 15)) }
        records += Self.call(0, 2, day: LedgerBuilder.day(2026, 2, 15))
        records += Self.call(0, 3, day: LedgerBuilder.day(2026, 6, 15))
        records += Self.call(0, 2, day: LedgerBuilder.day(2026, 5, 15), kind: .sms)
        // Subscriber 1 leaves in April.
        builder.churn.append((1, ChurnFact(time: 0, day: LedgerBuilder.day(2026, 4, 10), kind: .portOut)))
        let ledger = builder.ledger
        let (graph, _) = try Self.calls(records, ledger: ledger)
        #expect(graph.contacts(of: 0).count == 3)
        #expect(graph.contacts(of: 1).count == 1 && graph.contacts(of: 3).count == 1, "calls count on both sides")
        #expect(graph.calls(of: 0, in: 1) == 4 && graph.calls(of: 0, in: 5) == 1)
        let extractor = RiskFeatureExtractor(ledger: ledger, graph: graph)
        var row = [Float](repeating: 0, count: RiskFeature.allCases.count)
        func share(_ month: Int) -> Double {
            extractor.fill(&row, subscriber: 0, month: month)
            return (exp(Double(row[Self.column(.contactsLeft)])) - 1) / 8
        }
        #expect(abs(share(2)) < 1e-6, "in March no one has left")
        #expect(abs(share(3) - 3.0 / 4.0) < 1e-6, "in April: 3 of the 4 calls so far were with the one who left")
        #expect(abs(share(5) - 3.0 / 6.0) < 1e-6, "by June 6 calls and texts, 3 with him")
        #expect(RiskFeature.contactsLeft.reason(Float(log1p(8 * 0.5))) == "50% of their contacts have left")
    }
}

@Suite struct RiskTrainerTests {
    @Test func monthEndsAreSplitIntoTrainingAndHeldOut() throws {
        #expect(try RiskTrainer.cutoffs(months: 12) == ([5, 6, 7, 8], [9, 10]))
        #expect(try RiskTrainer.cutoffs(months: 4) == ([1], [2]))
        #expect(try RiskTrainer.cutoffs(months: 3) == ([0], [1]))
        #expect(throws: RiskError.tooFewMonths(found: 2)) { try RiskTrainer.cutoffs(months: 2) }
    }

    @Test func noChurnersMeansNoModel() throws {
        var builder = LedgerBuilder(subscribers: 20, months: 6)
        for subscriber in 0..<20 { builder.billEveryMonth(subscriber, arpu: Float(20 + subscriber)) }
        let extractor = RiskFeatureExtractor(ledger: builder.ledger, graph: CallGraph(subscribers: 20))
        #expect(throws: RiskError.noChurners(first: "2026-05", last: "2026-05")) { try RiskTrainer(extractor: extractor).train() }
        #expect(
            RiskError.noChurners(first: "2026-05", last: "2026-05").userMessage
                == "No customer left in the training months (2026-05), so there is nothing to learn a churn warning from; no model was written.")
    }

    /// Customers with a new handset leave the month after; the model learns it and says why.
    @Test func trainsMeasuresAndExplains() throws {
        let n = 400
        var builder = LedgerBuilder(subscribers: n, months: 8)
        for subscriber in 0..<n {
            builder.billEveryMonth(subscriber, arpu: Float(30 + subscriber % 50))
            builder.handsets.append((subscriber, HandsetSighting(time: 0, day: LedgerBuilder.day(2026, 1, 1), device: 1)))
        }
        // Every fifth customer of each group of 40 changes handset in month m and leaves in m + 1.
        for subscriber in stride(from: 0, to: n, by: 5) {
            let month = 2 + (subscriber / 5) % 5
            let changed = LedgerBuilder.day(2026, month + 1, 20)
            builder.handsets.append((subscriber, HandsetSighting(time: 1, day: changed, device: 2)))
            builder.churn.append((subscriber, ChurnFact(time: 0, day: LedgerBuilder.day(2026, month + 2, 5), kind: .portOut)))
        }
        // A few others leave without a sign.
        for subscriber in [1, 2, 3] { builder.churn.append((subscriber, ChurnFact(time: 0, day: LedgerBuilder.day(2026, 5, 5), kind: .cancellation))) }
        let extractor = RiskFeatureExtractor(ledger: builder.ledger, graph: CallGraph(subscribers: n))
        let models = try RiskTrainer(extractor: extractor).train()
        #expect(models.trainingMonths == ["2026-06"] && models.testMonths == ["2026-07"])
        #expect(models.churn.evaluation.model.auc > 0.95)
        #expect(models.downgrade == nil && models.notes.first?.contains("No downgrade warning") == true)
        let strongest = zip(models.churn.model.features, models.churn.model.coefficients).max { $0.1 < $1.1 }?.0
        #expect(strongest == .newHandset)
        let (_, scores) = try RiskScorer(extractor: extractor, models: models).score(month: CalendarMonth(year: 2026, month: 4))
        let top = try #require(scores.first)
        #expect(top.churnWarning && top.churnReasons.contains("a new handset in the last 30 days"), "\(top.churnReasons)")
        #expect(scores.filter(\.churnWarning).count >= scores.count / 10, "the top tenth, with any ties at its edge")
        #expect(throws: RiskError.unknownMonth("2027-01", first: "2026-01", last: "2026-08")) {
            try RiskScorer(extractor: extractor, models: models).score(month: CalendarMonth(year: 2027, month: 1))
        }
    }
}

@Suite struct RiskBoundaryTests {
    /// In Guangzhou (+08:00) a month ends at 16:00 UTC: a complaint resolved at 02:00 local on
    /// the 1st was still open at the month's end, one resolved at 23:00 local on the 30th was not.
    @Test func aMonthEndsAtLocalMidnight() throws {
        var builder = LedgerBuilder(subscribers: 2, months: 6)
        for subscriber in 0..<2 { builder.billEveryMonth(subscriber, arpu: 38) }
        let end = LedgerBuilder.day(2026, 6, 30)
        let offset: Int64 = 8 * 3600
        let nextLocalMidnight = Int64(end + 1) * 86_400 - offset
        builder.complaints.append((0, ComplaintFact(time: 0, day: end - 3, category: .network, resolvedTime: nextLocalMidnight + 2 * 3600)))
        builder.complaints.append((1, ComplaintFact(time: 0, day: end - 3, category: .network, resolvedTime: nextLocalMidnight - 3600)))
        var ledger = builder.ledger
        ledger.utcOffsetSeconds = Int(offset)
        let extractor = RiskFeatureExtractor(ledger: ledger, graph: CallGraph(subscribers: 2))
        var row = [Float](repeating: 0, count: RiskFeature.allCases.count)
        let column = RiskFeature.allCases.firstIndex(of: .unresolvedComplaint)!
        extractor.fill(&row, subscriber: 0, month: 5)
        #expect(row[column] == 1)
        extractor.fill(&row, subscriber: 1, month: 5)
        #expect(row[column] == 0)
    }

    /// A model file from a version with other features is refused, not misread.
    @Test func aModelWithOtherFeaturesIsRefused() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temporary.path("workspace"))
        let (matrix, labels) = LogisticModelTests.referenceData()
        let model = try LogisticModel.fit(matrix, labels: labels)
        let metrics = RiskMetrics(scores: model.probabilities(matrix), labels: labels)
        let kind = RiskModelFile.Models(
            model: model, usageOnly: model, withoutContacts: model, trainingRows: matrix.rows, trainingPositives: metrics.positives,
            evaluation: RiskModelFile.Evaluation(model: metrics, usageOnly: metrics, withoutContacts: metrics))
        try workspace.save(RiskModelFile(trainingMonths: [], testMonths: [], churn: kind, downgrade: nil, notes: []))
        #expect(throws: RiskError.damagedModel(path: workspace.layout.riskModel.path, reason: "it was trained by another version of Panorama, with other features")) {
            try workspace.riskModels()
        }
        #expect(throws: RiskError.self, "a damaged model is an error, not a missing one") { try workspace.trainedModels() }
    }
}
