import Testing

@testable import PanoramaRisk

@Suite struct RiskMetricsTests {
    @Test func aucCountsPairsInOrderWithTiesHalf() {
        // scikit-learn's documented example: 3 of the 4 positive-negative pairs in order.
        #expect(RiskMetrics.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(RiskMetrics.auc(scores: [0.5, 0.5], labels: [0, 1]) == 0.5)
        #expect(RiskMetrics.auc(scores: [0.9, 0.1, 0.2], labels: [1, 0, 0]) == 1)
        #expect(RiskMetrics.auc(scores: [0.9, 0.1], labels: [0, 0]) == 0.5, "no positives: no ranking to measure")
    }

    @Test func anAUCWithNothingToRankIsShownAsNotApplicable() {
        #expect(RiskMetrics(scores: [0.9, 0.1], labels: [0, 0]).aucText == "n/a")
        #expect(RiskMetrics(scores: [0.9, 0.1], labels: [1, 1]).aucText == "n/a")
        #expect(RiskMetrics(scores: [], labels: []).aucText == "n/a")
        #expect(RiskMetrics(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]).aucText == "0.750")
    }
}

@Suite struct RiskMetricsDecileTests {
    /// Twenty customers scored 0.95, 0.90, …, 0.00; the top two are the only positives.
    @Test func liftAndCalibrationByDecile() {
        let scores = (0..<20).map { Double(19 - $0) * 0.05 }
        let labels: [Float] = [1, 1] + Array(repeating: 0, count: 18)
        let metrics = RiskMetrics(scores: scores, labels: labels)
        #expect(metrics.auc == 1)
        #expect(metrics.positives == 2 && metrics.customers == 20)
        #expect(metrics.topDecileLift == 10, "the top tenth has all of them: a rate of 1 against 0.1")
        #expect(metrics.calibration.count == 10)
        #expect(metrics.calibration[0].observedRate == 1)
        #expect(abs(metrics.calibration[0].meanScore - 0.925) < 1e-12)
        #expect(metrics.calibration[9].observedRate == 0)
    }
}
