import Foundation
import Testing

@testable import PanoramaRisk

@Suite struct LogisticModelTests {
    /// One binary feature: 2 of 8 positive without it, 6 of 8 with it. The maximum
    /// likelihood model, by hand: intercept logit(1/4) = −ln 3, coefficient 2 ln 3.
    @Test func fitsTheHandCheckableMaximumLikelihood() throws {
        let values: [Float] = Array(repeating: 0, count: 8) + Array(repeating: 1, count: 8)
        let labels: [Float] = [1, 1, 0, 0, 0, 0, 0, 0] + [1, 1, 1, 1, 1, 1, 0, 0]
        let matrix = FeatureMatrix(features: [.newHandset], values: values, subscribers: (0..<16).map(UInt32.init))
        let model = try LogisticModel.fit(matrix, labels: labels, penalty: 1e-9)
        let (coefficients, intercept) = model.rawCoefficients
        #expect(abs(intercept - -log(3.0)) < 1e-6)
        #expect(abs(coefficients[0] - 2 * log(3.0)) < 1e-6)
        #expect(abs(model.probability([1]) - 0.75) < 1e-6)
        #expect(abs(model.probability([0]) - 0.25) < 1e-6)
        #expect(model.raisers([1]).map(\.feature) == [.newHandset])
        #expect(model.raisers([0]).isEmpty, "without the feature nothing raises the score above the average")
    }

    struct Reference: Decodable {
        let coefficients: [Double]
        let intercept: Double
        let probabilities: [Double]
        let auc: Double
        let positives: Int
    }

    /// The dataset of scripts/fixtures/logistic-reference.py, row for row.
    static func referenceData() -> (FeatureMatrix, [Float]) {
        var values: [Float] = []
        var labels: [Float] = []
        for i in 0..<300 {
            let x1 = Double((i * 7919) % 1000) / 1000
            let x2 = Double((i * 104729) % 997) / 997
            let x3: Double = i % 3 == 0 ? 1 : 0
            let p = 1 / (1 + exp(-(-1 + 2 * x1 - 1.5 * x2 + 0.8 * x3)))
            let u = Double((i * 1_103_515_245 + 12345) % (1 << 31)) / Double(1 << 31)
            values += [Float(x1), Float(x2), Float(x3)]
            labels.append(u < p ? 1 : 0)
        }
        return (FeatureMatrix(features: [.arpuTrend, .voiceTrend, .newHandset], values: values, subscribers: (0..<300).map(UInt32.init)), labels)
    }

    /// Against scikit-learn 1.9.1 (Tests/PanoramaRiskTests/Fixtures/logistic-reference.json).
    @Test func agreesWithScikitLearn() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/logistic-reference.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        let (matrix, labels) = Self.referenceData()
        #expect(Int(labels.reduce(0, +)) == reference.positives, "the dataset is rebuilt exactly")
        let model = try LogisticModel.fit(matrix, labels: labels, penalty: 1)
        for (ours, theirs) in zip(model.coefficients, reference.coefficients) { #expect(abs(ours - theirs) < 1e-6) }
        #expect(abs(model.intercept - reference.intercept) < 1e-6)
        let probabilities = model.probabilities(matrix)
        for (ours, theirs) in zip(probabilities.prefix(10), reference.probabilities) { #expect(abs(ours - theirs) < 1e-6) }
        #expect(abs(RiskMetrics.auc(scores: probabilities, labels: labels) - reference.auc) < 1e-9)
    }

    @Test func identicalColumnsGetNoWeightAndNoNaN() throws {
        let (matrix, labels) = Self.referenceData()
        var values: [Float] = []
        for row in 0..<matrix.rows { values += [matrix[row, 0], 5, 5] }
        let constant = FeatureMatrix(features: [.arpuTrend, .spend, .tenure], values: values, subscribers: matrix.subscribers)
        let model = try LogisticModel.fit(constant, labels: labels)
        #expect(model.coefficients[1] == 0 && model.coefficients[2] == 0)
        #expect(model.scales[1] == 1)
        #expect(model.probabilities(constant).allSatisfy { $0.isFinite && $0 > 0 && $0 < 1 })
    }

    @Test func oneClassCannotBeFitted() {
        let matrix = FeatureMatrix(features: [.spend], values: [1, 2, 3], subscribers: [0, 1, 2])
        #expect(throws: LogisticModel.FitError.oneClass(positives: 0, rows: 3)) { try LogisticModel.fit(matrix, labels: [0, 0, 0]) }
        #expect(throws: LogisticModel.FitError.noRows) {
            try LogisticModel.fit(FeatureMatrix(features: [.spend], values: [], subscribers: []), labels: [])
        }
    }

    /// Rare positives far out on a feature make plain Newton overshoot; the halved steps keep
    /// the fit finite and better than the start.
    @Test func rarePositivesFarOutStayFinite() throws {
        var values: [Float] = []
        var labels: [Float] = []
        for i in 0..<2000 {
            values.append(i < 3 ? 2 : Float(i % 2) * 0.1)
            labels.append(i < 3 ? 1 : 0)
        }
        let model = try LogisticModel.fit(FeatureMatrix(features: [.quotaUse], values: values, subscribers: (0..<2000).map(UInt32.init)), labels: labels)
        #expect(model.coefficients.allSatisfy(\.isFinite) && model.intercept.isFinite)
        #expect(model.probability([2]) > 0.5)
        #expect(model.probability([0]) < 0.01)
    }
}
