/// The thresholds of value tiers, ARPU bands and lifecycle stages: an operator's policy,
/// kept in the workspace's `panorama.json` under `"value"` so that every command and page
/// uses the same ones.
public struct ValueSettings: Codable, Sendable, Equatable {
    /// Share of active subscribers in the high tier, by average ARPU of the last three months.
    public var highShare: Double
    /// Share in the general tier, below the high tier; the rest are ordinary.
    public var generalShare: Double
    /// Fixed ARPU thresholds in yuan; when given they replace the shares.
    public var highARPU: Double?
    public var generalARPU: Double?
    /// Upper bounds of the ARPU bands in yuan, ascending: `[30, 60]` makes `<30`, `30-60`, `>=60`.
    public var arpuBands: [Double]
    /// Below this tenure a customer is exploring (考察期).
    public var exploringDays: Int
    /// Below this tenure, past exploring, a customer is forming (形成期); above it, stable.
    public var stableDays: Int
    /// A customer is declining (退化期) when the last three months' ARPU or active days fall
    /// below this share of the three months before, or after a downgrade in the last 90 days.
    public var declineRatio: Double

    public init(
        highShare: Double = 0.2, generalShare: Double = 0.3, highARPU: Double? = nil, generalARPU: Double? = nil,
        arpuBands: [Double] = [30, 60, 100, 150], exploringDays: Int = 180, stableDays: Int = 540, declineRatio: Double = 0.85
    ) {
        self.highShare = highShare
        self.generalShare = generalShare
        self.highARPU = highARPU
        self.generalARPU = generalARPU
        self.arpuBands = arpuBands
        self.exploringDays = exploringDays
        self.stableDays = stableDays
        self.declineRatio = declineRatio
    }

    /// Reads the settings a user wrote; any left out keep their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ValueSettings()
        highShare = try container.decodeIfPresent(Double.self, forKey: .highShare) ?? defaults.highShare
        generalShare = try container.decodeIfPresent(Double.self, forKey: .generalShare) ?? defaults.generalShare
        highARPU = try container.decodeIfPresent(Double.self, forKey: .highARPU)
        generalARPU = try container.decodeIfPresent(Double.self, forKey: .generalARPU)
        arpuBands = try container.decodeIfPresent([Double].self, forKey: .arpuBands) ?? defaults.arpuBands
        exploringDays = try container.decodeIfPresent(Int.self, forKey: .exploringDays) ?? defaults.exploringDays
        stableDays = try container.decodeIfPresent(Int.self, forKey: .stableDays) ?? defaults.stableDays
        declineRatio = try container.decodeIfPresent(Double.self, forKey: .declineRatio) ?? defaults.declineRatio
    }

    /// What is wrong with the settings, in a sentence, or `nil`.
    public var problem: String? {
        if !(0...1).contains(highShare) || !(0...1).contains(generalShare) || highShare + generalShare > 1 {
            return "value.highShare and value.generalShare must be shares between 0 and 1 that add up to at most 1"
        }
        if (highARPU == nil) != (generalARPU == nil) { return "value.highARPU and value.generalARPU must be given together" }
        if let high = highARPU, let general = generalARPU, !(general >= 0 && high >= general) {
            return "value.highARPU must be at least value.generalARPU, and both at least 0"
        }
        if zip(arpuBands, arpuBands.dropFirst()).contains(where: { $0 >= $1 }) || arpuBands.contains(where: { !$0.isFinite }) {
            return "value.arpuBands must be ascending numbers"
        }
        if exploringDays < 0 || stableDays < exploringDays { return "value.stableDays must be at least value.exploringDays, and both at least 0" }
        if !(declineRatio > 0 && declineRatio <= 1) { return "value.declineRatio must be above 0 and at most 1" }
        return nil
    }
}
