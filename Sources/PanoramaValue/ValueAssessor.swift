import PanoramaModel

/// Every subscriber's value as of one month.
public struct ValueAssessment: Sendable {
    public var month: CalendarMonth
    /// The three-month ARPU at or above which a customer is high value, and general value.
    public var highThreshold: Double
    public var generalThreshold: Double
    public var customers: [CustomerValue]

    /// How many active customers fall in each tier, segment and stage.
    public func mix<Key: Hashable>(_ key: (CustomerValue) -> Key?) -> [Key: Int] {
        var counts: [Key: Int] = [:]
        for customer in customers where customer.isActive {
            if let value = key(customer) { counts[value, default: 0] += 1 }
        }
        return counts
    }
}

public enum ValueError: UserFacingError, Equatable {
    case noUsage
    case unknownMonth(String, first: String, last: String)

    public var userMessage: String {
        switch self {
        case .noUsage:
            "The workspace has no monthly usage, so value cannot be assessed; ingest a usage.csv first."
        case .unknownMonth(let month, let first, let last):
            "There is no usage for \(month); the workspace has months \(first) to \(last)."
        }
    }
}

/// Assesses value tiers, ARPU bands, consumption, adoption segments and lifecycle stages
/// from a customer ledger, by the rules in `docs/value-and-risk.md`.
public struct ValueAssessor: Sendable {
    public let settings: ValueSettings

    public init(settings: ValueSettings = ValueSettings()) {
        self.settings = settings
    }

    /// The assessment as of `month` (the last month with usage when `nil`).
    public func assess(_ ledger: CustomerLedger, month: CalendarMonth? = nil) throws(ValueError) -> ValueAssessment {
        guard let first = ledger.months.first, let last = ledger.months.last else { throw .noUsage }
        let month = month ?? last
        guard let current = ledger.monthIndex(month) else {
            throw .unknownMonth(month.description, first: first.description, last: last.description)
        }
        let n = ledger.subscribers
        let monthEnd = month.lastDay
        func mean(_ column: [Float], _ subscriber: Int, _ months: ClosedRange<Int>) -> Double? {
            var sum = 0.0
            var count = 0
            for index in months where index >= 0 {
                let value = column[index * n + subscriber]
                if !value.isNaN {
                    sum += Double(value)
                    count += 1
                }
            }
            return count > 0 ? sum / Double(count) : nil
        }

        var customers: [CustomerValue] = []
        customers.reserveCapacity(n)
        for subscriber in 0..<n {
            let billed = !ledger.usage.arpu[current * n + subscriber].isNaN
            let gone = ledger.departureDay(of: subscriber, by: monthEnd) != nil
            var monthsSinceActive: Int?
            for index in stride(from: current, through: 0, by: -1) {
                let days = ledger.usage.activeDays[index * n + subscriber]
                if !days.isNaN && days > 0 {
                    monthsSinceActive = current - index
                    break
                }
            }
            let products = ledger.subscriptions[subscriber].filter { $0.isOpen(on: monthEnd) }.map { ledger.products[Int($0.product)].id }
            customers.append(
                CustomerValue(
                    subscriber: UInt32(subscriber), isActive: billed && !gone, tier: nil, arpuBand: nil,
                    spend: mean(ledger.usage.arpu, subscriber, current - 2...current) ?? 0,
                    previousSpend: mean(ledger.usage.arpu, subscriber, current - 5...current - 3) ?? 0,
                    voiceMinutes: mean(ledger.usage.voiceMinutes, subscriber, current - 2...current) ?? 0,
                    dataMB: mean(ledger.usage.dataMB, subscriber, current - 2...current) ?? 0,
                    sms: mean(ledger.usage.sms, subscriber, current - 2...current) ?? 0,
                    activeDays: mean(ledger.usage.activeDays, subscriber, current - 2...current) ?? 0,
                    monthsSinceActive: monthsSinceActive, products: Array(Set(products)).sorted(),
                    tenureDays: max(0, Int(monthEnd) - Int(ledger.activationDay[subscriber])), earliness: 0, adoption: nil,
                    stage: nil, declineReason: nil))
        }

        // Tiers and bands, by the spend of active customers.
        let spends = customers.filter(\.isActive).map(\.spend).sorted()
        func quantile(_ share: Double) -> Double {
            guard !spends.isEmpty else { return 0 }
            return spends[min(spends.count - 1, max(0, Int((Double(spends.count) * share).rounded(.down))))]
        }
        let high = settings.highARPU ?? quantile(1 - settings.highShare)
        let general = settings.generalARPU ?? quantile(1 - settings.highShare - settings.generalShare)
        let (earliness, adopted) = Self.earliness(ledger, asOf: monthEnd)
        for index in customers.indices where customers[index].isActive {
            let spend = customers[index].spend
            // With shares, an empty share means no one in that tier; fixed amounts always apply.
            let hasHigh = settings.highARPU != nil || settings.highShare > 0
            let hasGeneral = settings.generalARPU != nil || settings.generalShare > 0
            customers[index].tier = spend >= high && hasHigh ? .high : spend >= general && hasGeneral ? .general : .ordinary
            customers[index].arpuBand = Self.band(spend, bounds: settings.arpuBands)
            customers[index].earliness = earliness[index]
            let spendRank = Self.rank(spend, in: spends)
            customers[index].adoption = Self.segment(earliness: earliness[index], spendRank: spendRank, adopted: adopted[index] > 0)
            (customers[index].stage, customers[index].declineReason) = stage(
                of: customers[index], ledger: ledger, subscriber: index, current: current, monthEnd: monthEnd)
        }
        return ValueAssessment(month: month, highThreshold: high, generalThreshold: general, customers: customers)
    }

    /// Exploring while new, then declining on a falling bill, falling activity or a recent
    /// downgrade, otherwise forming until `stableDays` and stable after.
    private func stage(
        of customer: CustomerValue, ledger: CustomerLedger, subscriber: Int, current: Int, monthEnd: Int32
    ) -> (LifecycleStage, String?) {
        if customer.tenureDays < settings.exploringDays { return (.exploring, nil) }
        let n = ledger.subscribers
        if current >= 5, customer.previousSpend > 0, customer.spend < settings.declineRatio * customer.previousSpend {
            return (.declining, "ARPU fell from \(Self.yuan(customer.previousSpend)) to \(Self.yuan(customer.spend)) a month")
        }
        var previousDays = 0.0
        var counted = 0
        for index in max(0, current - 5)...max(0, current - 3) where current >= 3 {
            let days = ledger.usage.activeDays[index * n + subscriber]
            if !days.isNaN {
                previousDays += Double(days)
                counted += 1
            }
        }
        if counted > 0, previousDays / Double(counted) > 0, customer.activeDays < settings.declineRatio * previousDays / Double(counted) {
            return (.declining, "active days fell from \(Int((previousDays / Double(counted)).rounded())) to \(Int(customer.activeDays.rounded())) a month")
        }
        if let downgrade = ledger.churn[subscriber].last(where: { $0.kind == .downgrade && $0.day <= monthEnd }), monthEnd - downgrade.day < 90 {
            return (.declining, "moved to a cheaper plan on \(CivilDate(daysSinceEpoch: Int(downgrade.day)))")
        }
        return (customer.tenureDays < settings.stableDays ? .forming : .stable, nil)
    }

    /// For each subscriber, how early they took the products they have taken: per product
    /// with a launch date, one minus their rank among its adopters by delay since launch
    /// (or since their own activation, when later), averaged over the products taken.
    static func earliness(_ ledger: CustomerLedger, asOf day: Int32) -> (earliness: [Double], adopted: [Int]) {
        let n = ledger.subscribers
        var sums = [Double](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: n)
        for (product, info) in ledger.products.enumerated() {
            guard let launch = info.launchDate.map({ Int32($0.daysSinceEpoch) }), launch <= day else { continue }
            var delays: [(delay: Int32, subscriber: Int)] = []
            for subscriber in 0..<n {
                guard let span = ledger.subscriptions[subscriber].first(where: { $0.product == Int32(product) && $0.startDay <= day }) else {
                    continue
                }
                delays.append((max(0, span.startDay - max(launch, ledger.activationDay[subscriber])), subscriber))
            }
            guard !delays.isEmpty else { continue }
            delays.sort { ($0.delay, $0.subscriber) < ($1.delay, $1.subscriber) }
            // Ties share the rank of their first member: a cohort that joined on launch day is all first.
            var start = 0
            while start < delays.count {
                var end = start
                while end < delays.count && delays[end].delay == delays[start].delay { end += 1 }
                let rank = delays.count > 1 ? Double(start) / Double(delays.count - 1) : 0
                for index in start..<end {
                    sums[delays[index].subscriber] += 1 - rank
                    counts[delays[index].subscriber] += 1
                }
                start = end
            }
        }
        return ((0..<n).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 }, counts)
    }

    /// Early uptake with money is leading; early uptake without it is following on impulse;
    /// later uptake with money is following with reason; money without uptake is conservative;
    /// little money is thrifty.
    static func segment(earliness: Double, spendRank: Double, adopted: Bool) -> AdoptionSegment {
        if earliness >= 0.75 && spendRank >= 0.6 { return .highEndLeader }
        if earliness >= 0.5 && spendRank < 0.6 { return .impulsiveFollower }
        if adopted && spendRank >= 0.4 { return .rationalFollower }
        if spendRank < 0.4 { return .thrifty }
        return .conservativeLaggard
    }

    /// Share of `sorted` below `value`.
    static func rank(_ value: Double, in sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return Double(low) / Double(sorted.count)
    }

    /// `<30`, `30-60`, …, `>=150` for bounds `[30, 60, …, 150]`.
    static func band(_ spend: Double, bounds: [Double]) -> String {
        guard let first = bounds.first, let last = bounds.last else { return "all" }
        if spend < first { return "<\(yuan(first))" }
        for (lower, upper) in zip(bounds, bounds.dropFirst()) where spend < upper { return "\(yuan(lower))-\(yuan(upper))" }
        return ">=\(yuan(last))"
    }

    static func yuan(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return String(format: "%.0f", value) }
        return value == value.rounded() ? String(Int(value)) : String(Double(Int((value * 10).rounded())) / 10)
    }
}
