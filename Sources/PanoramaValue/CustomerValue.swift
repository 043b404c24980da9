import PanoramaModel

/// Contribution tier (高价值 / 一般价值 / 普通客户).
public enum ValueTier: String, Sendable, Codable, CaseIterable {
    case high, general, ordinary
}

/// How early a customer takes up new products, and with how much money behind it.
public enum AdoptionSegment: String, Sendable, Codable, CaseIterable {
    /// 高端领先群: among the first to take new products, and among the bigger spenders.
    case highEndLeader = "high_end_leader"
    /// 理智跟随群: takes products after others have, and spends well.
    case rationalFollower = "rational_follower"
    /// 冲动跟风群: quick to take what is new, with a smaller bill.
    case impulsiveFollower = "impulsive_follower"
    /// 保守落伍群: spends but takes up nothing new.
    case conservativeLaggard = "conservative_laggard"
    /// 吝啬群: small bill, late or no uptake.
    case thrifty
}

/// Where a customer stands in the relationship (考察期 / 形成期 / 稳定期 / 退化期).
public enum LifecycleStage: String, Sendable, Codable, CaseIterable {
    case exploring, forming, stable, declining
}

/// One subscriber's value, consumption, adoption and lifecycle as of a month.
public struct CustomerValue: Sendable, Equatable, Codable {
    public var subscriber: UInt32
    /// Billed in the month and not gone by its end; inactive customers get no tier.
    public var isActive: Bool
    public var tier: ValueTier?
    /// Label of the ARPU band (`30-60`), by the three-month average.
    public var arpuBand: String?
    /// Average monthly ARPU of the last three months (spend).
    public var spend: Double
    /// Average monthly ARPU of the three months before those.
    public var previousSpend: Double
    public var voiceMinutes: Double
    public var dataMB: Double
    public var sms: Double
    /// Average active days per month over the last three months (frequency).
    public var activeDays: Double
    /// Months since the last month with any activity: 0 when active in the month (recency).
    public var monthsSinceActive: Int?
    /// Product identifiers subscribed to on the month's last day.
    public var products: [String]
    public var tenureDays: Int
    /// 0…1: 1 when among the very first adopters of every product taken, 0 with none taken.
    public var earliness: Double
    public var adoption: AdoptionSegment?
    public var stage: LifecycleStage?
    /// Why the stage is `declining`, when it is.
    public var declineReason: String?

    /// The figures to two places (earliness to three), as JSON shows them: the means of
    /// single-precision columns would otherwise read `24.399999618530273`.
    public func rounded() -> CustomerValue {
        var copy = self
        copy.spend = ValueExport.rounded(spend)
        copy.previousSpend = ValueExport.rounded(previousSpend)
        copy.voiceMinutes = ValueExport.rounded(voiceMinutes)
        copy.dataMB = ValueExport.rounded(dataMB)
        copy.sms = ValueExport.rounded(sms)
        copy.activeDays = ValueExport.rounded(activeDays)
        copy.earliness = ValueExport.rounded(earliness, places: 3)
        return copy
    }
}
