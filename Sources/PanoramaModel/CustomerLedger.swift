/// Every subscriber's customer facts in columns, by dense subscriber index: what value,
/// lifecycle, risk and key moments are computed from.
///
/// Monthly usage is a month-major matrix (`usage.arpu[month * subscribers + subscriber]`)
/// over consecutive months, with NaN where a subscriber has no row for a month (not yet
/// active, or gone). Events are grouped by subscriber and sorted by time within each.
/// Days are local days since 1970-01-01.
public struct CustomerLedger: Sendable {
    public var subscribers: Int
    /// Consecutive billing months, oldest first; empty when no usage was ingested.
    public var months: [CalendarMonth]
    public var products: [Product]

    public var activationDay: [Int32]
    /// `Int32.min` when there is no contract commitment.
    public var contractEndDay: [Int32]
    public var monthlyFee: [Float]
    public var quotaMB: [Float]
    /// Index into `products` of the current plan, or -1 when the plan is not a known product.
    public var plan: [Int32]
    /// Age in years, or -1 when not recorded.
    public var age: [Int16]

    public var usage: MonthlyColumns
    public var subscriptions: PerSubscriber<SubscriptionSpan>
    public var handsets: PerSubscriber<HandsetSighting>
    public var complaints: PerSubscriber<ComplaintFact>
    public var churn: PerSubscriber<ChurnFact>
    /// The workspace's offset from UTC, for turning a local day's end into a time.
    public var utcOffsetSeconds = 0

    public init(
        subscribers: Int, months: [CalendarMonth], products: [Product], activationDay: [Int32], contractEndDay: [Int32],
        monthlyFee: [Float], quotaMB: [Float], plan: [Int32], age: [Int16], usage: MonthlyColumns, subscriptions: PerSubscriber<SubscriptionSpan>,
        handsets: PerSubscriber<HandsetSighting>, complaints: PerSubscriber<ComplaintFact>, churn: PerSubscriber<ChurnFact>
    ) {
        self.subscribers = subscribers
        self.months = months
        self.products = products
        self.activationDay = activationDay
        self.contractEndDay = contractEndDay
        self.monthlyFee = monthlyFee
        self.quotaMB = quotaMB
        self.plan = plan
        self.age = age
        self.usage = usage
        self.subscriptions = subscriptions
        self.handsets = handsets
        self.complaints = complaints
        self.churn = churn
    }

    /// The data quota in force in month `index`: the month's own when the usage says, or
    /// else the subscriber's current plan's, which is right only while the plan did not change.
    public func quota(_ subscriber: Int, month index: Int) -> Float {
        let monthly = usage.quotaMB[index * subscribers + subscriber]
        return monthly.isNaN ? quotaMB[subscriber] : monthly
    }

    /// The index of `month` in `months`, if it is one of them.
    public func monthIndex(_ month: CalendarMonth) -> Int? {
        guard let first = months.first else { return nil }
        let index = (month.year - first.year) * 12 + month.month - first.month
        return months.indices.contains(index) ? index : nil
    }

    /// The day a subscriber left the network (port-out or cancellation), if they did by `day`.
    public func departureDay(of subscriber: Int, by day: Int32 = .max) -> Int32? {
        churn[subscriber].first { $0.kind != .downgrade && $0.day <= day }?.day
    }
}

/// Usage and bill per month and subscriber, month-major, NaN where there is no row.
public struct MonthlyColumns: Sendable {
    public var arpu: [Float]
    public var voiceMinutes: [Float]
    public var dataMB: [Float]
    public var sms: [Float]
    public var activeDays: [Float]
    /// The quota of the plan in force that month; NaN when the usage file does not say.
    public var quotaMB: [Float]

    public init(months: Int, subscribers: Int) {
        arpu = [Float](repeating: .nan, count: months * subscribers)
        voiceMinutes = arpu
        dataMB = arpu
        sms = arpu
        activeDays = arpu
        quotaMB = arpu
    }
}

/// Items grouped by subscriber: `items[starts[s]..<starts[s + 1]]` are subscriber `s`'s.
public struct PerSubscriber<Item: Sendable>: Sendable {
    public private(set) var starts: [Int32]
    public private(set) var items: [Item]

    /// Groups `items` by `subscriber(item)` (each below `subscribers`), sorted by `order`
    /// within a subscriber.
    public init(_ items: [Item], subscribers: Int, subscriber: (Item) -> Int, order: (Item, Item) -> Bool) {
        let sorted = items.sorted { subscriber($0) != subscriber($1) ? subscriber($0) < subscriber($1) : order($0, $1) }
        var starts = [Int32](repeating: 0, count: subscribers + 1)
        for item in sorted { starts[subscriber(item) + 1] += 1 }
        for index in 0..<subscribers { starts[index + 1] += starts[index] }
        self.starts = starts
        self.items = sorted
    }

    private init(starts: [Int32], items: [Item]) {
        self.starts = starts
        self.items = items
    }

    /// The same grouping of transformed items.
    public func map<Other>(_ transform: (Item) -> Other) -> PerSubscriber<Other> {
        PerSubscriber<Other>(starts: starts, items: items.map(transform))
    }

    public subscript(subscriber: Int) -> ArraySlice<Item> { items[Int(starts[subscriber])..<Int(starts[subscriber + 1])] }
}

/// A product a subscriber took, from `startDay` to `endDay` (`Int32.max` while open).
public struct SubscriptionSpan: Sendable, Equatable {
    public var product: Int32
    public var startDay: Int32
    public var endDay: Int32
    public var activity: Float

    public init(product: Int32, startDay: Int32, endDay: Int32, activity: Float) {
        self.product = product
        self.startDay = startDay
        self.endDay = endDay
        self.activity = activity
    }

    public func isOpen(on day: Int32) -> Bool { startDay <= day && day <= endDay }
}

/// A handset seen in use. `device` is the IMEI's first 14 digits (type allocation code and
/// serial), the same for an IMEI and the IMEISV of one handset, so a change of handset is a
/// change of `device`.
public struct HandsetSighting: Sendable, Equatable {
    public var time: Int64
    public var day: Int32
    public var device: UInt64

    public init(time: Int64, day: Int32, device: UInt64) {
        self.time = time
        self.day = day
        self.device = device
    }
}

public struct ComplaintFact: Sendable, Equatable {
    public var time: Int64
    public var day: Int32
    public var category: ComplaintCategory
    /// `Int64.max` while unresolved.
    public var resolvedTime: Int64

    public init(time: Int64, day: Int32, category: ComplaintCategory, resolvedTime: Int64) {
        self.time = time
        self.day = day
        self.category = category
        self.resolvedTime = resolvedTime
    }
}

public struct ChurnFact: Sendable, Equatable {
    public var time: Int64
    public var day: Int32
    public var kind: ChurnKind

    public init(time: Int64, day: Int32, kind: ChurnKind) {
        self.time = time
        self.day = day
        self.kind = kind
    }
}
