import PanoramaModel
import PanoramaStore

/// subscribers.csv: one row per subscriber, keyed by number; the number is pseudonymized
/// before it reaches the store.
struct SubscriberLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("subscriber")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let number = try row.required("subscriber")
        guard SubscriberNumber.isValid(number) else {
            throw RowRejection(.invalidSubscriberNumber, "subscriber number \(SubscriberNumber.problem(number))")
        }
        let plan = try row.required("plan")
        guard let kind = context.products[plan] else {
            throw RowRejection(.unknownProduct, "plan \(plan) is not a known product")
        }
        guard kind == .plan else {
            throw RowRejection(.invalidValue, "product \(plan) is a \(kind.rawValue), not a plan")
        }
        let profile = SubscriberProfile(
            activationDate: try row.requiredDate("activation_date"), plan: plan,
            quotaMB: try row.requiredDecimal("quota_mb", minimum: 0),
            monthlyFee: try row.requiredDecimal("monthly_fee", minimum: 0),
            age: try row.integer("age", minimum: 0, maximum: 120), gender: try row.choice("gender", as: Gender.self),
            contractEnd: try row.date("contract_end"))
        try duplicates.check(number, line: line, display: SubscriberNumber.masked(number))
        let bytes = Array(number.utf8)
        let index = try context.update.saveSubscriber(number: bytes, profile: profile)
        try context.addSubscriber(number: bytes, index: index)
    }
}

/// usage.csv: one row per subscriber and month.
struct UsageLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("month")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let number = try row.required("subscriber")
        let subscriber = try context.subscriber(number)
        let monthText = try row.required("month")
        guard let month = CalendarMonth(text: monthText) else {
            throw RowRejection(.invalidDate, "month '\(monthText)' is not YYYY-MM")
        }
        let usage = MonthlyUsage(
            subscriber: subscriber, month: month, arpu: try row.requiredDecimal("arpu", minimum: 0),
            voiceMinutes: try row.requiredDecimal("voice_minutes", minimum: 0),
            dataMB: try row.requiredDecimal("data_mb", minimum: 0), sms: try row.requiredInteger("sms", minimum: 0),
            activeDays: try row.requiredInteger("active_days", minimum: 0, maximum: 31),
            quotaMB: try row.decimal("quota_mb", minimum: 0))
        try duplicates.check(
            "\(subscriber) \(month)", line: line, display: "\(month) of \(SubscriberNumber.masked(number))")
        try context.update.save(usage)
    }
}

/// subscriptions.csv: who took which product when, and how actively they use it.
struct SubscriptionLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("subscription")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let subscriber = try context.subscriber(try row.required("subscriber"))
        let product = try row.required("product")
        guard context.products[product] != nil else {
            throw RowRejection(.unknownProduct, "product \(product) is not a known product")
        }
        let start = try row.requiredDate("start")
        let end = try row.date("end")
        if let end, end < start { throw RowRejection(.inconsistentTimes, "the subscription ends before it starts") }
        let subscription = ProductSubscription(
            subscriber: subscriber, product: product, start: start, end: end,
            activity: try row.decimal("activity", minimum: 0, maximum: 1))
        try duplicates.check("\(subscriber) \(product) \(start)", line: line, display: "\(product) from \(start)")
        try context.update.save(subscription)
    }
}

/// handsets.csv: which IMEI a subscriber was seen with, when.
struct HandsetLoader: TableLoader {
    let context: IngestContext

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let subscriber = try context.subscriber(try row.required("subscriber"))
        let imei = try row.required("imei")
        guard imei.utf8.count == 15 || imei.utf8.count == 16, imei.utf8.allSatisfy({ $0 &- 0x30 <= 9 }) else {
            throw RowRejection(.invalidValue, "imei '\(imei)' is not 15 or 16 digits")
        }
        try context.update.save(
            HandsetObservation(subscriber: subscriber, time: try row.requiredTimestamp("time"), imei: imei))
    }
}

/// complaints.csv: complaints with category and, once resolved, the resolution time.
struct ComplaintLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("complaint")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let id = try row.required("id")
        let subscriber = try context.subscriber(try row.required("subscriber"))
        let time = try row.requiredTimestamp("time")
        let resolved = try row.timestamp("resolved_time")
        if let resolved, resolved < time {
            throw RowRejection(.inconsistentTimes, "the complaint is resolved before it was made")
        }
        let complaint = Complaint(
            id: id, subscriber: subscriber, time: time,
            category: try row.requiredChoice("category", as: ComplaintCategory.self), resolvedTime: resolved)
        try duplicates.check(id, line: line)
        try context.update.save(complaint)
    }
}

/// contacts.csv: past marketing and service contacts and how they ended.
struct ContactLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("contact")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let subscriber = try context.subscriber(try row.required("subscriber"))
        let channel = try row.required("channel")
        guard context.channels.contains(channel) else {
            throw RowRejection(.unknownChannel, "channel \(channel) is not a known channel")
        }
        let time = try row.requiredTimestamp("time")
        let outcome = try row.requiredChoice("outcome", as: ContactOutcome.self)
        try duplicates.check("\(subscriber) \(time) \(channel)", line: line, display: "by \(channel) at that time")
        try context.update.save(
            ContactHistoryEntry(
                subscriber: subscriber, time: time, channel: channel, campaign: row.value("campaign"), outcome: outcome))
    }
}

/// churn.csv: port-outs, cancellations and downgrades.
struct ChurnLoader: TableLoader {
    let context: IngestContext
    private var duplicates = DuplicateGuard("churn event")

    init(context: IngestContext) { self.context = context }

    mutating func load(_ row: TableRow, line: Int) throws {
        let subscriber = try context.subscriber(try row.required("subscriber"))
        let time = try row.requiredTimestamp("time")
        let kind = try row.requiredChoice("kind", as: ChurnKind.self)
        try duplicates.check("\(subscriber) \(time) \(kind)", line: line, display: "\(kind.rawValue) at that time")
        try context.update.save(
            ChurnEvent(subscriber: subscriber, time: time, kind: kind, destination: row.value("destination")))
    }
}
