/// What to do for a customer in each lifecycle stage, and how often and how to contact
/// each value tier: the retention strategies of the source material (seed 001, 第三模块),
/// kept as data so that the profile, the task list and the dashboard show the same advice.
public enum RetentionPlaybook {
    public struct Play: Sendable, Equatable, Codable {
        /// What the customer is like at this stage.
        public var situation: String
        public var actions: [String]
    }

    public struct ContactPolicy: Sendable, Equatable, Codable {
        /// How often to reach out.
        public var frequency: String
        /// Channel identifiers of `channels.csv`, preferred first.
        public var channels: [String]
        public var content: String
    }

    public static func play(for stage: LifecycleStage) -> Play {
        switch stage {
        case .exploring:
            Play(
                situation: "new and still weighing the plan, its price and the network; cheap to lose",
                actions: [
                    "welcome care in the first weeks", "explain the first bills line by line",
                    "a short comparison of plans with a recommendation for their usage",
                ])
        case .forming:
            Play(
                situation: "satisfied so far and growing; leaving now costs them something",
                actions: [
                    "check that the plan fits their usage", "recommend new services they are likely to use",
                    "a free speed upgrade or a free Wi-Fi trial", "a free modem swap or differentiated service",
                    "expert online service and after-hours repair",
                ])
        case .stable:
            Play(
                situation: "settled and loyal; the relationship is the product",
                actions: [
                    "relationship marketing through their circles", "bundles (family plan, broadband, TV)",
                    "service by tier and by circle, led by the circle's lead customers",
                ])
        case .declining:
            Play(
                situation: "using less or paying less; inclined to leave",
                actions: [
                    "guide them to a plan that fits, simple and fairly priced", "renew before the contract ends",
                    "act on the churn warning with a save offer", "retention at cancellation, and debt recovery",
                    "win back those who left with a reconnection offer",
                ])
        }
    }

    public static func contactPolicy(for tier: ValueTier) -> ContactPolicy {
        switch tier {
        case .high:
            ContactPolicy(
                frequency: "monthly", channels: ["outbound_call", "store"],
                content: "a named account manager: care calls, early access to new products and upgrades, invitations to the store")
        case .general:
            ContactPolicy(
                frequency: "quarterly", channels: ["outbound_call", "sms"],
                content: "plan fit reviews and offers for new services that match their usage")
        case .ordinary:
            ContactPolicy(
                frequency: "twice a year", channels: ["sms"],
                content: "bill explanations, self-service and low-cost bundles")
        }
    }
}
