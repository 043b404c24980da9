import PanoramaModel

/// A small customer ledger written by hand: months from 2026-01, subscribers activated long
/// ago unless said otherwise, usage set per month and subscriber.
public struct LedgerBuilder {
    public let subscribers: Int
    public let months: [CalendarMonth]
    public var products: [Product] = []
    public var activation: [Int32]
    public var contractEnd: [Int32]
    public var age: [Int16]
    public var quotaMB: [Float]
    public var usage: MonthlyColumns
    public var spans: [(Int, SubscriptionSpan)] = []
    public var handsets: [(Int, HandsetSighting)] = []
    public var complaints: [(Int, ComplaintFact)] = []
    public var churn: [(Int, ChurnFact)] = []

    public static let firstMonth = CalendarMonth(year: 2026, month: 1)!

    public init(subscribers: Int, months: Int) {
        self.subscribers = subscribers
        var list: [CalendarMonth] = []
        var month = Self.firstMonth
        for _ in 0..<months {
            list.append(month)
            month = month.next
        }
        self.months = list
        activation = [Int32](repeating: Self.day(2020, 1, 1), count: subscribers)
        contractEnd = [Int32](repeating: .min, count: subscribers)
        age = [Int16](repeating: 40, count: subscribers)
        quotaMB = [Float](repeating: 5120, count: subscribers)
        usage = MonthlyColumns(months: months, subscribers: subscribers)
    }

    public static func day(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
        Int32(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
    }

    /// Sets one month of usage; `activeDays` defaults to 25.
    public mutating func bill(_ subscriber: Int, month: Int, arpu: Float, activeDays: Float = 25, voice: Float = 100, data: Float = 1000) {
        let slot = month * subscribers + subscriber
        usage.arpu[slot] = arpu
        usage.activeDays[slot] = activeDays
        usage.voiceMinutes[slot] = voice
        usage.dataMB[slot] = data
        usage.sms[slot] = 10
    }

    public mutating func billEveryMonth(_ subscriber: Int, arpu: Float) {
        for month in months.indices { bill(subscriber, month: month, arpu: arpu) }
    }

    public var ledger: CustomerLedger {
        func grouped<Item>(_ pairs: [(Int, Item)]) -> PerSubscriber<Item> {
            PerSubscriber(pairs, subscribers: subscribers, subscriber: { $0.0 }, order: { _, _ in false }).map(\.1)
        }
        return CustomerLedger(
            subscribers: subscribers, months: months, products: products, activationDay: activation, contractEndDay: contractEnd,
            monthlyFee: [Float](repeating: 38, count: subscribers), quotaMB: quotaMB,
            plan: [Int32](repeating: -1, count: subscribers), age: age, usage: usage, subscriptions: grouped(spans), handsets: grouped(handsets),
            complaints: grouped(complaints), churn: grouped(churn))
    }
}
