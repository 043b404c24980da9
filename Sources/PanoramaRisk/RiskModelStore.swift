import Foundation
import PanoramaModel
import PanoramaStore

extension Workspace {
    /// Saves trained models as the workspace's risk model.
    public func save(_ models: RiskModelFile) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeRiskModel(try encoder.encode(models))
    }

    /// The workspace's trained models, or `nil` before the first training; a damaged file
    /// is an error, not a missing model.
    public func trainedModels() throws -> RiskModelFile? {
        do { return try riskModels() } catch RiskError.noModel { return nil }
    }

    /// The workspace's trained models.
    public func riskModels() throws -> RiskModelFile {
        guard let data = try riskModel() else { throw RiskError.noModel(path: layout.riskModel.path) }
        do {
            let models = try JSONDecoder().decode(RiskModelFile.self, from: data)
            guard models.formatVersion == RiskModelFile.formatVersion,
                [models.churn, models.downgrade].compactMap({ $0 }).allSatisfy({ $0.model.features == RiskFeature.allCases })
            else {
                throw RiskError.damagedModel(path: layout.riskModel.path, reason: "it was trained by another version of Panorama, with other features")
            }
            return models
        } catch let error as RiskError {
            throw error
        } catch {
            throw RiskError.damagedModel(path: layout.riskModel.path, reason: "it is not a risk model file")
        }
    }

    /// The customer ledger, call graph and call days the risk features are computed from.
    public func riskFeatureExtractor() throws -> RiskFeatureExtractor {
        let ledger = try customerLedger()
        let (graph, calls) = try callRecords(ledger)
        return RiskFeatureExtractor(ledger: ledger, graph: graph, calls: calls)
    }

    /// The call graph, with the ledger's months as its periods (each up to its last day, then
    /// everything after), and each subscriber's voice calls per day.
    public func callRecords(_ ledger: CustomerLedger) throws -> (graph: CallGraph, days: CallDays) {
        let monthEnds = ledger.months.map { configuration.utcOffset.start(ofDay: $0.lastDay + 1) }
        let workspace = self
        return try CallRecords.read(
            subscribers: ledger.subscribers, partitions: configuration.partitions, periods: monthEnds.count + 1,
            period: { record in
                var low = 0
                var high = monthEnds.count
                while low < high {
                    let middle = (low + high) / 2
                    if Int64(record.time) < monthEnds[middle] { high = middle } else { low = middle + 1 }
                }
                return low
            },
            day: { workspace.configuration.utcOffset.localDay(of: Int64($0)) },
            partition: { partition in try workspace.records(InteractionRecord.self, partition: partition) })
    }
}

extension Workspace {
    /// The last day with records, or the last day of the ledger's last month without any.
    public func lastDataDay(_ ledger: CustomerLedger) throws -> Int32? {
        let ends = try segments(of: .location).map(\.maxTime) + segments(of: .interaction).map(\.maxTime)
        if let last = ends.max() { return configuration.utcOffset.localDay(of: Int64(last)) }
        return ledger.months.last?.lastDay
    }
}

/// Key moments with what was read to find them, for callers that show those too.
public struct MomentFinding: Sendable {
    public let moments: [KeyMoment]
    /// The churn and downgrade scores at the last month-end; `nil` without a trained model.
    public let scores: [RiskScore]?
    /// The last day of data, up to which moments are found.
    public let lastDay: Int32?
}

extension Workspace {
    /// Every key moment of the workspace, with the churn score jump when a model is trained
    /// and `scoringJumps`: scoring two month-ends is most of the work, so a caller that
    /// wants no jumps leaves it out.
    public func keyMoments(silenceDays: Int = MomentDetector.Settings().silenceDays, scoringJumps: Bool = true) throws -> [KeyMoment] {
        try keyMoments(riskFeatureExtractor(), models: scoringJumps ? trainedModels() : nil, silenceDays: silenceDays).moments
    }

    /// The key moments found from an extractor already built, with `models` (if any)
    /// scoring the last two month-ends for churn score jumps.
    public func keyMoments(
        _ extractor: RiskFeatureExtractor, models: RiskModelFile?, silenceDays: Int = MomentDetector.Settings().silenceDays
    ) throws -> MomentFinding {
        let ledger = extractor.ledger
        var current: [RiskScore]?
        var jump: (month: CalendarMonth, current: [UInt32: Double], previous: [UInt32: Double], warningFrom: Double)?
        if let models, let last = ledger.months.last {
            let scorer = RiskScorer(extractor: extractor, models: models)
            let scores = try scorer.score(month: last).scores
            current = scores
            if ledger.months.count >= 2 {
                let previous = try scorer.score(month: ledger.months[ledger.months.count - 2]).scores
                jump = (
                    last, Dictionary(uniqueKeysWithValues: scores.map { ($0.subscriber, $0.churn) }),
                    Dictionary(uniqueKeysWithValues: previous.map { ($0.subscriber, $0.churn) }),
                    scores.filter(\.churnWarning).map(\.churn).min() ?? 1
                )
            }
        }
        let lastDay = try lastDataDay(ledger)
        let moments = MomentDetector(
            ledger: ledger, calls: extractor.calls, utcOffset: configuration.utcOffset.seconds,
            settings: MomentDetector.Settings(silenceDays: silenceDays)
        ).detect(through: lastDay ?? .max, scores: jump)
        return MomentFinding(moments: moments, scores: current, lastDay: lastDay)
    }
}
