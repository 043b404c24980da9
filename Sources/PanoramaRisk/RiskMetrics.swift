import Foundation

/// How well scores rank and estimate an outcome: what `panorama risk report` prints.
public struct RiskMetrics: Codable, Sendable, Equatable {
    public struct Decile: Codable, Sendable, Equatable {
        /// 1 is the tenth of customers with the highest scores.
        public var decile: Int
        public var customers: Int
        public var meanScore: Double
        public var observedRate: Double
    }

    public var customers: Int
    public var positives: Int
    /// The chance that a random positive scores above a random negative (ties count half);
    /// 0.5 when there is no positive or no negative to compare (see `ranksAnything`).
    public var auc: Double
    /// The positive rate in the top tenth by score over the overall rate.
    public var topDecileLift: Double
    /// Mean score against observed rate, per tenth from the highest scores down.
    public var calibration: [Decile]

    public init(scores: [Double], labels: [Float]) {
        precondition(scores.count == labels.count, "one label per score")
        customers = scores.count
        positives = labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        auc = Self.auc(scores: scores, labels: labels)
        let order = scores.indices.sorted { (scores[$0], $1) > (scores[$1], $0) }
        var deciles: [Decile] = []
        if !scores.isEmpty {
            for decile in 0..<10 {
                let range = (decile * scores.count / 10)..<((decile + 1) * scores.count / 10)
                guard !range.isEmpty else { continue }
                var score = 0.0
                var hits = 0.0
                for position in range {
                    score += scores[order[position]]
                    hits += Double(labels[order[position]])
                }
                deciles.append(
                    Decile(decile: decile + 1, customers: range.count, meanScore: score / Double(range.count), observedRate: hits / Double(range.count)))
            }
        }
        calibration = deciles
        let overall = customers > 0 ? Double(positives) / Double(customers) : 0
        topDecileLift = overall > 0 ? (deciles.first?.observedRate ?? 0) / overall : 0
    }

    /// Whether there were positives and negatives both, so that the AUC measures something.
    public var ranksAnything: Bool { positives > 0 && positives < customers }

    /// The AUC to three places, or "n/a" when there was nothing to rank.
    public var aucText: String { ranksAnything ? String(format: "%.3f", auc) : "n/a" }

    /// The Mann–Whitney form of the area under the ROC curve, with tied scores averaged.
    public static func auc(scores: [Double], labels: [Float]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var positives = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            let rank = Double(start + 1 + end) / 2
            for position in start..<end where labels[order[position]] > 0.5 {
                rankSum += rank
                positives += 1
            }
            start = end
        }
        let negatives = Double(scores.count) - positives
        guard positives > 0 && negatives > 0 else { return 0.5 }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }
}
