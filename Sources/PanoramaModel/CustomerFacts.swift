/// One month of a subscriber's usage and bill.
public struct MonthlyUsage: Hashable, Sendable, Codable {
    /// Dense index of the subscriber.
    public var subscriber: UInt32
    public var month: CalendarMonth
    /// Revenue from this subscriber in the month, yuan.
    public var arpu: Double
    public var voiceMinutes: Double
    public var dataMB: Double
    public var sms: Int
    /// Days of the month with any activity.
    public var activeDays: Int
    /// The data quota of the plan in force that month, when the file gives it.
    public var quotaMB: Double?

    public init(
        subscriber: UInt32, month: CalendarMonth, arpu: Double, voiceMinutes: Double, dataMB: Double, sms: Int,
        activeDays: Int, quotaMB: Double? = nil
    ) {
        self.quotaMB = quotaMB
        self.subscriber = subscriber
        self.month = month
        self.arpu = arpu
        self.voiceMinutes = voiceMinutes
        self.dataMB = dataMB
        self.sms = sms
        self.activeDays = activeDays
    }
}

/// A subscriber's subscription to a product, open while `end` is `nil`.
public struct ProductSubscription: Hashable, Sendable, Codable {
    public var subscriber: UInt32
    public var product: String
    public var start: CivilDate
    public var end: CivilDate?
    /// Share of days in the last month on which the product was used, 0…1.
    public var activity: Double?

    public init(subscriber: UInt32, product: String, start: CivilDate, end: CivilDate?, activity: Double?) {
        self.subscriber = subscriber
        self.product = product
        self.start = start
        self.end = end
        self.activity = activity
    }
}

/// A handset seen in use by a subscriber; a new IMEI is a key moment.
public struct HandsetObservation: Hashable, Sendable, Codable {
    public var subscriber: UInt32
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// The IMEI (15 digits) or IMEISV (16); its first eight digits (TAC) name the handset model.
    public var imei: String

    public init(subscriber: UInt32, time: Int64, imei: String) {
        self.subscriber = subscriber
        self.time = time
        self.imei = imei
    }
}

/// A complaint lodged by a subscriber.
public struct Complaint: Hashable, Sendable, Codable {
    public var id: String
    public var subscriber: UInt32
    public var time: Int64
    public var category: ComplaintCategory
    /// When it was resolved, if it was.
    public var resolvedTime: Int64?

    public init(id: String, subscriber: UInt32, time: Int64, category: ComplaintCategory, resolvedTime: Int64?) {
        self.id = id
        self.subscriber = subscriber
        self.time = time
        self.category = category
        self.resolvedTime = resolvedTime
    }
}

/// A past marketing or service contact with a subscriber.
public struct ContactHistoryEntry: Hashable, Sendable, Codable {
    public var subscriber: UInt32
    public var time: Int64
    /// The channel's identifier.
    public var channel: String
    public var campaign: String?
    public var outcome: ContactOutcome

    public init(subscriber: UInt32, time: Int64, channel: String, campaign: String?, outcome: ContactOutcome) {
        self.subscriber = subscriber
        self.time = time
        self.channel = channel
        self.campaign = campaign
        self.outcome = outcome
    }
}

/// A subscriber leaving, or moving to a cheaper plan.
public struct ChurnEvent: Hashable, Sendable, Codable {
    public var subscriber: UInt32
    public var time: Int64
    public var kind: ChurnKind
    /// Where a port-out went, when known.
    public var destination: String?

    public init(subscriber: UInt32, time: Int64, kind: ChurnKind, destination: String?) {
        self.subscriber = subscriber
        self.time = time
        self.kind = kind
        self.destination = destination
    }
}
