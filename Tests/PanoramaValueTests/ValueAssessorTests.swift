import Foundation
import PanoramaModel
import PanoramaTestSupport
import Testing

@testable import PanoramaValue

@Suite struct ValueAssessorTests {
    /// Ten customers spending 10, 20, …, 100 yuan a month.
    func tenSpenders(months: Int = 6) -> LedgerBuilder {
        var builder = LedgerBuilder(subscribers: 10, months: months)
        for subscriber in 0..<10 { builder.billEveryMonth(subscriber, arpu: Float(10 * (subscriber + 1))) }
        return builder
    }

    @Test func tiersFollowTheSharesOfActiveCustomers() throws {
        let assessment = try ValueAssessor().assess(tenSpenders().ledger)
        #expect(assessment.month == CalendarMonth(year: 2026, month: 6))
        #expect(assessment.customers.map { $0.tier } == [.ordinary, .ordinary, .ordinary, .ordinary, .ordinary, .general, .general, .general, .high, .high])
        #expect(assessment.highThreshold == 90)
        #expect(assessment.generalThreshold == 60)
        #expect(assessment.mix(\.tier) == [.high: 2, .general: 3, .ordinary: 5])
    }

    @Test func fixedThresholdsReplaceTheShares() throws {
        let settings = ValueSettings(highARPU: 75, generalARPU: 35)
        let tiers = try ValueAssessor(settings: settings).assess(tenSpenders().ledger).customers.map { $0.tier }
        #expect(tiers == [.ordinary, .ordinary, .ordinary, .general, .general, .general, .general, .high, .high, .high])
    }

    @Test func bandsAndConsumptionAreThreeMonthAverages() throws {
        var builder = LedgerBuilder(subscribers: 1, months: 4)
        builder.bill(0, month: 0, arpu: 500)
        builder.bill(0, month: 1, arpu: 20, activeDays: 10, voice: 60)
        builder.bill(0, month: 2, arpu: 40, activeDays: 20, voice: 120)
        builder.bill(0, month: 3, arpu: 60, activeDays: 30, voice: 180)
        let customer = try #require(try ValueAssessor().assess(builder.ledger).customers.first)
        #expect(customer.spend == 40)
        #expect(customer.arpuBand == "30-60")
        #expect(customer.activeDays == 20)
        #expect(customer.voiceMinutes == 120)
        #expect(customer.monthsSinceActive == 0)
        #expect(ValueAssessor.band(29.9, bounds: [30, 60]) == "<30")
        #expect(ValueAssessor.band(60, bounds: [30, 60]) == ">=60")
        #expect(ValueAssessor.band(11, bounds: [10, 12.5, 40.25]) == "10-12.5")
    }

    @Test func customersNotBilledOrGoneHaveNoTier() throws {
        var builder = tenSpenders()
        // Subscriber 9 was not billed in the last month; subscriber 8 ported out within it.
        builder.usage.arpu[5 * 10 + 9] = .nan
        builder.churn.append((8, ChurnFact(time: 0, day: LedgerBuilder.day(2026, 6, 10), kind: .portOut)))
        let customers = try ValueAssessor().assess(builder.ledger).customers
        #expect(customers[9].isActive == false && customers[9].tier == nil && customers[9].stage == nil)
        #expect(customers[8].isActive == false && customers[8].tier == nil)
        // Of the eight left (10 to 80 yuan), the top fifth by rank, 70 and 80, is high.
        #expect(customers[6].tier == .high && customers[7].tier == .high && customers[5].tier == .general)
    }

    @Test func aCustomerWithOneMonthOfHistoryIsExploring() throws {
        var builder = LedgerBuilder(subscribers: 1, months: 6)
        builder.activation[0] = LedgerBuilder.day(2026, 6, 3)
        builder.bill(0, month: 5, arpu: 38, activeDays: 28)
        let customer = try #require(try ValueAssessor().assess(builder.ledger).customers.first)
        #expect(customer.spend == 38)
        #expect(customer.previousSpend == 0)
        #expect(customer.stage == .exploring)
        #expect(customer.tenureDays == 27)
    }

    @Test func stagesFollowTenureAndDecline() throws {
        var builder = LedgerBuilder(subscribers: 5, months: 6)
        builder.activation = [
            LedgerBuilder.day(2026, 3, 1), LedgerBuilder.day(2025, 6, 1), LedgerBuilder.day(2020, 1, 1),
            LedgerBuilder.day(2020, 1, 1), LedgerBuilder.day(2020, 1, 1),
        ]
        for subscriber in 0..<4 { builder.billEveryMonth(subscriber, arpu: 50) }
        // Subscriber 3's bill halves in the last three months; subscriber 4 keeps the bill
        // but is active half as often, and subscriber 2 moved to a cheaper plan a month ago.
        for month in 3..<6 { builder.bill(3, month: month, arpu: 25) }
        for month in 0..<6 { builder.bill(4, month: month, arpu: 50, activeDays: month < 3 ? 28 : 12) }
        builder.churn.append((2, ChurnFact(time: 0, day: LedgerBuilder.day(2026, 5, 20), kind: .downgrade)))
        let customers = try ValueAssessor().assess(builder.ledger).customers
        #expect(customers.map { $0.stage } == [.exploring, .forming, .declining, .declining, .declining])
        #expect(customers[3].declineReason == "ARPU fell from 50 to 25 a month")
        #expect(customers[4].declineReason == "active days fell from 28 to 12 a month")
        #expect(customers[2].declineReason == "moved to a cheaper plan on 2026-05-20")
        // A downgrade long ago is no longer a decline.
        builder.churn = [(2, ChurnFact(time: 0, day: LedgerBuilder.day(2025, 12, 1), kind: .downgrade))]
        #expect(try ValueAssessor().assess(builder.ledger).customers[2].stage == .stable)
    }

    @Test func earlinessRanksAdoptersByDelaySinceLaunch() throws {
        var builder = tenSpenders()
        builder.products = [Product(id: "MUSIC", name: "Music", kind: .dataService, monthlyPrice: 6, launchDate: CivilDate(year: 2026, month: 2, day: 1))]
        let launch = LedgerBuilder.day(2026, 2, 1)
        // Subscribers 9 and 8 on launch day, 7 after ten days, 1 after fifty, 0 after ninety.
        for (subscriber, delay) in [(9, 0), (8, 0), (7, 10), (1, 50), (0, 90)] {
            builder.spans.append((subscriber, SubscriptionSpan(product: 0, startDay: launch + Int32(delay), endDay: .max, activity: 0.5)))
        }
        let customers = try ValueAssessor().assess(builder.ledger).customers
        #expect(customers.map { $0.earliness } == [0, 0.25, 0, 0, 0, 0, 0, 0.5, 1, 1])
        #expect(customers[9].products == ["MUSIC"])
        #expect(customers.map { $0.adoption } == [
            .thrifty, .thrifty, .thrifty, .thrifty, .conservativeLaggard, .conservativeLaggard, .conservativeLaggard,
            .rationalFollower, .highEndLeader, .highEndLeader,
        ])
        #expect(ValueAssessor.segment(earliness: 0.8, spendRank: 0.3, adopted: true) == .impulsiveFollower)
    }

    @Test func missingUsageAndUnknownMonthsAreExplained() throws {
        let empty = LedgerBuilder(subscribers: 3, months: 0).ledger
        #expect(throws: ValueError.noUsage) { try ValueAssessor().assess(empty) }
        #expect(throws: ValueError.unknownMonth("2027-01", first: "2026-01", last: "2026-06")) {
            try ValueAssessor().assess(tenSpenders().ledger, month: CalendarMonth(year: 2027, month: 1))
        }
        #expect(ValueError.noUsage.userMessage.contains("usage.csv"))
    }

    @Test func settingsAreCheckedAndPartlyWrittenSettingsKeepDefaults() throws {
        let partial = try JSONDecoder().decode(ValueSettings.self, from: Data(#"{"highShare": 0.1}"#.utf8))
        #expect(partial == ValueSettings(highShare: 0.1))
        #expect(ValueSettings().problem == nil)
        #expect(ValueSettings(highShare: 0.8, generalShare: 0.3).problem?.contains("add up to at most 1") == true)
        #expect(ValueSettings(highARPU: 50).problem?.contains("together") == true)
        #expect(ValueSettings(arpuBands: [60, 30]).problem?.contains("ascending") == true)
        #expect(ValueSettings(declineRatio: 0).problem?.contains("declineRatio") == true)
    }

    @Test func everyStageAndTierHasAdvice() {
        for stage in LifecycleStage.allCases { #expect(!RetentionPlaybook.play(for: stage).actions.isEmpty) }
        #expect(RetentionPlaybook.play(for: .exploring).actions.contains("explain the first bills line by line"))
        #expect(RetentionPlaybook.contactPolicy(for: .high).frequency == "monthly")
        #expect(RetentionPlaybook.contactPolicy(for: .ordinary).channels == ["sms"])
    }
}

@Suite struct CustomerValueTests {
    @Test func figuresShownAsJSONAreRoundedToTwoPlaces() throws {
        let value = CustomerValue(
            subscriber: 1, isActive: true, tier: .general, arpuBand: "0-30", spend: Double(Float(24.4)), previousSpend: Double(Float(31.7)),
            voiceMinutes: 100.123456, dataMB: 2048.0049, sms: 3.333333, activeDays: 29.666666, monthsSinceActive: 0, products: [],
            tenureDays: 400, earliness: 0.123456, adoption: nil, stage: .stable, declineReason: nil)
        #expect(Double(Float(24.4)) != 24.4, "the noise being removed")
        let rounded = value.rounded()
        #expect(rounded.spend == 24.4 && rounded.previousSpend == 31.7)
        #expect(rounded.voiceMinutes == 100.12 && rounded.dataMB == 2048 && rounded.sms == 3.33 && rounded.activeDays == 29.67)
        #expect(rounded.earliness == 0.123)
        // Sorted keys: otherwise the key after "spend", and so the comma, is left to chance.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(rounded), as: UTF8.self)
        #expect(json.contains("\"spend\":24.4,") && !json.contains("24.399"))
    }
}
