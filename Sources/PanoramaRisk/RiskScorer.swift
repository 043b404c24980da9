import PanoramaModel

/// One customer's warnings as of a month-end.
public struct RiskScore: Sendable, Equatable, Codable {
    public var subscriber: UInt32
    /// Chance of leaving next month.
    public var churn: Double
    /// Chance of moving to a cheaper plan next month; `nil` without a downgrade model.
    public var downgrade: Double?
    /// Among the tenth of customers most likely to leave: a churn warning.
    public var churnWarning: Bool
    public var downgradeWarning: Bool
    /// Why the churn score is high: the features that raise it most, in words.
    public var churnReasons: [String]
    public var downgradeReasons: [String]
}

/// Scores every active customer with the trained models, with the reasons for each score.
public struct RiskScorer {
    let extractor: RiskFeatureExtractor
    let models: RiskModelFile

    /// Reasons kept per score, and the least a feature must add to the log-odds to be one.
    static let reasonCount = 3
    static let reasonMinimum = 0.1

    public init(extractor: RiskFeatureExtractor, models: RiskModelFile) {
        self.extractor = extractor
        self.models = models
    }

    /// The scores of the customers active at the end of `month` (the last month when `nil`),
    /// highest churn score first.
    public func score(month: CalendarMonth? = nil) throws(RiskError) -> (month: CalendarMonth, scores: [RiskScore]) {
        let months = extractor.ledger.months
        guard let first = months.first, let last = months.last else { throw .tooFewMonths(found: 0) }
        let month = month ?? last
        guard let index = extractor.ledger.monthIndex(month) else {
            throw .unknownMonth(month.description, first: first.description, last: last.description)
        }
        return (month, scores(atMonth: index))
    }

    func scores(atMonth index: Int) -> [RiskScore] {
        let matrix = extractor.matrix(month: index)
        let churn = models.churn.model.probabilities(matrix)
        let downgrade = models.downgrade.map { $0.model.probabilities(matrix) }
        let churnCut = Self.topTenth(churn)
        let downgradeCut = downgrade.map(Self.topTenth)
        let width = matrix.features.count
        let models = self.models
        let parts = max(1, min(ParallelWorkers.defaultCount, matrix.rows / 10_000 + 1))
        let pieces = ParallelWorkers.compute(count: parts) { part -> [RiskScore] in
            var scores: [RiskScore] = []
            for row in (part * matrix.rows / parts)..<((part + 1) * matrix.rows / parts) {
                let features = matrix.values[row * width..<(row + 1) * width]
                scores.append(
                    RiskScore(
                        subscriber: matrix.subscribers[row], churn: churn[row], downgrade: downgrade?[row],
                        churnWarning: churn[row] >= churnCut, downgradeWarning: downgrade.map { $0[row] >= (downgradeCut ?? 1) } ?? false,
                        churnReasons: Self.reasons(models.churn.model, features),
                        downgradeReasons: models.downgrade.map { Self.reasons($0.model, features) } ?? []))
            }
            return scores
        }
        var scores = pieces.flatMap { $0 }
        scores.sort { ($0.churn, $1.subscriber) > ($1.churn, $0.subscriber) }
        return scores
    }

    static func reasons(_ model: LogisticModel, _ features: ArraySlice<Float>) -> [String] {
        model.raisers(features).prefix { $0.contribution >= reasonMinimum }.prefix(reasonCount).map { $0.feature.reason($0.value) }
    }

    /// The score at which the top tenth begins.
    static func topTenth(_ scores: [Double]) -> Double {
        guard !scores.isEmpty else { return 1 }
        let sorted = scores.sorted(by: >)
        return sorted[max(0, scores.count / 10 - 1)]
    }
}
