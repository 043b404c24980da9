import Foundation
import PanoramaModel

/// The trained risk models of a workspace with how they measured on held-out months: the
/// file `risk/model.json`.
public struct RiskModelFile: Codable, Sendable, Equatable {
    /// 2: the features of `RiskFeature.allCases` with voice silence from the call records.
    public static let formatVersion = 2

    /// A model of one kind, its two comparison models, and their measurements.
    public struct Models: Codable, Sendable, Equatable {
        public var model: LogisticModel
        /// Usage and bill features only.
        public var usageOnly: LogisticModel
        /// Every feature but the contacts who left: what the social feature adds.
        public var withoutContacts: LogisticModel
        public var trainingRows: Int
        public var trainingPositives: Int
        public var evaluation: Evaluation

        public init(
            model: LogisticModel, usageOnly: LogisticModel, withoutContacts: LogisticModel, trainingRows: Int, trainingPositives: Int,
            evaluation: Evaluation
        ) {
            self.model = model
            self.usageOnly = usageOnly
            self.withoutContacts = withoutContacts
            self.trainingRows = trainingRows
            self.trainingPositives = trainingPositives
            self.evaluation = evaluation
        }
    }

    /// Each model scored on the held-out months.
    public struct Evaluation: Codable, Sendable, Equatable {
        public var model: RiskMetrics
        public var usageOnly: RiskMetrics
        public var withoutContacts: RiskMetrics

        public init(model: RiskMetrics, usageOnly: RiskMetrics, withoutContacts: RiskMetrics) {
            self.model = model
            self.usageOnly = usageOnly
            self.withoutContacts = withoutContacts
        }
    }

    public var formatVersion = Self.formatVersion
    /// Month-ends whose customers, and what they did the month after, trained the models.
    public var trainingMonths: [String]
    /// Later month-ends, held out, on which the models were measured.
    public var testMonths: [String]
    public var churn: Models
    /// `nil` when no one moved to a cheaper plan in the training months.
    public var downgrade: Models?
    /// Why there is no downgrade model, when there is none.
    public var notes: [String]

    public init(trainingMonths: [String], testMonths: [String], churn: Models, downgrade: Models?, notes: [String]) {
        self.trainingMonths = trainingMonths
        self.testMonths = testMonths
        self.churn = churn
        self.downgrade = downgrade
        self.notes = notes
    }

    public func models(_ kind: RiskKind) -> Models? { kind == .churn ? churn : downgrade }
}

public enum RiskError: UserFacingError, Equatable {
    case tooFewMonths(found: Int)
    case noChurners(first: String, last: String)
    case noCustomers(first: String, last: String)
    case noModel(path: String)
    case damagedModel(path: String, reason: String)
    case unknownMonth(String, first: String, last: String)

    public var userMessage: String {
        switch self {
        case .tooFewMonths(let found):
            "Training needs at least three months of usage (two to learn and test on, and the month after to see who left); the workspace has \(found)."
        case .noChurners(let first, let last):
            "No customer left in the training months (\(first == last ? first : "\(first) to \(last)")), so there is nothing to learn a churn warning from; no model was written."
        case .noCustomers(let first, let last):
            "No customer was billed at the training month-ends (\(first == last ? first : "\(first) to \(last)")); no model was written."
        case .noModel(let path):
            "There is no risk model yet (\(path)); run `panorama risk train` first."
        case .damagedModel(let path, let reason):
            "The risk model \(path) cannot be read: \(reason). Run `panorama risk train` again."
        case .unknownMonth(let month, let first, let last):
            "There is no usage for \(month) to score; the workspace has months \(first) to \(last)."
        }
    }
}

/// Trains the churn and downgrade models on the customers of several month-ends and what
/// they did the month after, and measures them on later month-ends held out.
public struct RiskTrainer {
    let extractor: RiskFeatureExtractor
    public var penalty = 1.0

    public init(extractor: RiskFeatureExtractor) {
        self.extractor = extractor
    }

    /// The month-ends to learn from and to test on: each needs the month after it in the
    /// ledger (to see who left), preferably six months before it (for the trends); the last
    /// two (or one, with little history) are held out.
    public static func cutoffs(months: Int) throws(RiskError) -> (training: [Int], test: [Int]) {
        guard months >= 3 else { throw .tooFewMonths(found: months) }
        let last = months - 2
        let first = min(5, last - 1)
        let all = Array(first...last)
        let held = all.count >= 4 ? 2 : 1
        return (Array(all.dropLast(held)), Array(all.suffix(held)))
    }

    public func train() throws(RiskError) -> RiskModelFile {
        let ledger = extractor.ledger
        let (training, test) = try Self.cutoffs(months: ledger.months.count)
        let trainMatrices = training.map { extractor.matrix(month: $0) }
        let testMatrices = test.map { extractor.matrix(month: $0) }
        func stacked(_ matrices: [FeatureMatrix]) -> FeatureMatrix {
            var all = matrices[0]
            for matrix in matrices.dropFirst() { all.append(matrix) }
            return all
        }
        let trainAll = stacked(trainMatrices)
        let testAll = stacked(testMatrices)
        func labels(_ kind: RiskKind, _ matrices: [FeatureMatrix], _ months: [Int]) -> [Float] {
            zip(matrices, months).flatMap { extractor.labels($0, kind: kind, month: $1) }
        }
        let name = { (index: Int) in ledger.months[index].description }
        let (first, last) = (name(training[0] + 1), name(training[training.count - 1] + 1))
        func fit(_ kind: RiskKind) throws(LogisticModel.FitError) -> RiskModelFile.Models {
            try fitAll(
                train: trainAll, trainLabels: labels(kind, trainMatrices, training), test: testAll,
                testLabels: labels(kind, testMatrices, test))
        }
        let churn: RiskModelFile.Models
        do {
            churn = try fit(.churn)
        } catch .noRows {
            throw .noCustomers(first: name(training[0]), last: name(training[training.count - 1]))
        } catch {
            throw .noChurners(first: first, last: last)
        }
        var notes: [String] = []
        let downgrade = try? fit(.downgrade)
        if downgrade == nil {
            notes.append("No downgrade warning: no customer moved to a cheaper plan in the training months (\(first == last ? first : "\(first) to \(last)")).")
        }
        return RiskModelFile(
            trainingMonths: training.map(name), testMonths: test.map(name), churn: churn, downgrade: downgrade, notes: notes)
    }

    private func fitAll(
        train: FeatureMatrix, trainLabels: [Float], test: FeatureMatrix, testLabels: [Float]
    ) throws(LogisticModel.FitError) -> RiskModelFile.Models {
        let usage = RiskFeature.allCases.filter(\.isUsage)
        let withoutContactsFeatures = RiskFeature.allCases.filter { $0 != .contactsLeft }
        let full = try LogisticModel.fit(train, labels: trainLabels, penalty: penalty)
        let usageOnly = try LogisticModel.fit(train.selecting(usage), labels: trainLabels, penalty: penalty)
        let withoutContacts = try LogisticModel.fit(train.selecting(withoutContactsFeatures), labels: trainLabels, penalty: penalty)
        return RiskModelFile.Models(
            model: full, usageOnly: usageOnly, withoutContacts: withoutContacts, trainingRows: train.rows,
            trainingPositives: trainLabels.reduce(0) { $0 + Int($1) },
            evaluation: RiskModelFile.Evaluation(
                model: RiskMetrics(scores: full.probabilities(test), labels: testLabels),
                usageOnly: RiskMetrics(scores: usageOnly.probabilities(test.selecting(usage)), labels: testLabels),
                withoutContacts: RiskMetrics(scores: withoutContacts.probabilities(test.selecting(withoutContactsFeatures)), labels: testLabels)))
    }
}
