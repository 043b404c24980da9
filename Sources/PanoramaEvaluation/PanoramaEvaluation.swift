import Foundation
import PanoramaBuild
import PanoramaEngine
import PanoramaModel
import PanoramaStore

/// How well a built panorama recovers a demo city's truth.
///
/// The truth (`truth/subscribers.csv`, `truth/tags.csv`, written by `panorama generate`)
/// says where everyone lives and works and which tags a perfect observer would give, with
/// the days that support them. The panorama is joined to it by full number.
///
/// A truth tag is *expected* when its support reaches the days the catalog asks for (its
/// `min_support`, or an anchor's `min_days`): the catalog decides how much evidence is
/// enough, and a tag seen on one day cannot be asked of a rule that wants two. A produced
/// tag is *correct* when the truth has it at all. Precision is correct / produced, recall
/// is expected-and-produced / expected. A tag the truth cannot judge, from a rule the user
/// added to the catalog that the city does not model, is counted apart (`notJudged`).
public struct PanoramaEvaluation: Sendable, Codable {
    public struct AnchorScore: Sendable, Codable, Equatable {
        /// Subscribers whose truth has this anchor with enough supporting days.
        public var evaluated: Int
        public var exactPlace: Int
        public var within500m: Int
        /// Evaluated subscribers the panorama gave no anchor.
        public var missing: Int
        public var exactShare: Double
        public var within500mShare: Double
    }

    public struct TagScore: Sendable, Codable, Equatable {
        public var name: String
        public var produced: Int
        public var correct: Int
        public var expected: Int
        public var found: Int
        public var precision: Double
        public var recall: Double
    }

    /// Tags of one path produced by a rule outside the built-in catalog, which the truth
    /// knows nothing of.
    public struct Unjudged: Sendable, Codable, Equatable {
        public var name: String
        public var produced: Int
    }

    public struct Goal: Sendable, Codable, Equatable {
        public var name: String
        public var target: Double
        public var value: Double
        public var met: Bool
    }

    public var workspace: String
    public var truth: String
    public var build: Int
    public var subscribers: Int
    public var home: AnchorScore
    public var work: AnchorScore
    public var dimensions: [TagScore]
    public var tags: [TagScore]
    public var notJudged: [Unjudged]
    public var goals: [Goal]

    /// Joins the current panorama of `workspace` with the truth in `truthDirectory`.
    public static func run(workspace: Workspace, truthDirectory: URL) throws -> PanoramaEvaluation {
        let reader = try PanoramaReader(workspace: workspace)
        let truth = try Truth(directory: truthDirectory)
        let reference = try workspace.referenceData()
        try Truth.checkCity(of: truthDirectory, places: reference.places)
        var placeCoordinates: [String: Coordinate] = [:]
        for place in reference.places { placeCoordinates[place.id] = place.coordinate }
        var cellCoordinates: [String: Coordinate] = [:]
        for cell in reference.cells { cellCoordinates[cell.id] = cell.coordinate }
        let keys = try workspace.allSubscriberKeys()
        let numbers = try workspace.revealNumbers(of: keys.map(\.index))
        let minimumSupport = reader.minimumSupport
        let homeDays = minimumSupport.first { $0.key.hasPrefix("region/home/") }?.value ?? 1
        let workDays = minimumSupport.first { $0.key.hasPrefix("region/work/") }?.value ?? 1

        var home = AnchorTally()
        var work = AnchorTally()
        var byTag: [String: TagTally] = [:]
        var byDimension: [String: TagTally] = [:]
        var notJudged: [String: Int] = [:]
        // The truth models the built-in catalog; a path it never has, from a rule the user
        // added, cannot be judged wrong.
        let builtInRules = Set(try DefaultCatalog.load().rules.map(\.path.text))
        let rulePaths = reader.rulePaths
        var truthPaths = Set<String>()
        for tags in truth.tags.values { truthPaths.formUnion(tags.keys) }
        func isJudged(_ path: String) -> Bool { truthPaths.contains(path) || rulePaths[path].map(builtInRules.contains) ?? false }
        func group(_ path: String) -> String {
            if path.hasPrefix("region/home/") { return "region/home/*" }
            if path.hasPrefix("region/work/") { return "region/work/*" }
            return path
        }
        func dimension(_ path: String) -> String { String(path.prefix { $0 != "/" }) }
        var matchedSubscribers = 0
        var seen = Set<String>()
        for partition in 0..<reader.partitions {
            for state in try reader.states(partition: partition) {
                guard let number = numbers[state.subscriber], let person = truth.people[number] else { continue }
                seen.insert(number)
                matchedSubscribers += 1
                let view = reader.view(state, pseudonym: "", masked: "")
                func score(_ kind: String, _ truthPlace: String, _ truthSupport: Int, _ minimum: Int, _ tally: inout AnchorTally) {
                    guard !truthPlace.isEmpty, truthSupport >= minimum else { return }
                    tally.evaluated += 1
                    guard let anchor = view.anchors.first(where: { $0.kind == kind }) else {
                        tally.missing += 1
                        return
                    }
                    if anchor.place == truthPlace { tally.exact += 1 }
                    let predicted = anchor.place.flatMap { placeCoordinates[$0] } ?? cellCoordinates[anchor.cell]
                    if let predicted, let actual = placeCoordinates[truthPlace], predicted.distance(to: actual) <= 500 { tally.within += 1 }
                }
                score("home", person.homePlace, truth.support(number, prefix: "region/home/"), homeDays, &home)
                score("work", person.workPlace, truth.support(number, prefix: "region/work/"), workDays, &work)
                let truthTags = truth.tags[number] ?? [:]
                let produced = Set(view.tags.filter { $0.status == "active" }.map(\.path))
                for path in produced {
                    guard isJudged(path) else {
                        notJudged[path, default: 0] += 1
                        continue
                    }
                    let correct = truthTags[path] != nil
                    byTag[group(path), default: TagTally()].produced(correct)
                    byDimension[dimension(path), default: TagTally()].produced(correct)
                }
                for (path, support) in truthTags where support >= (minimumSupport[path] ?? 1) {
                    let found = produced.contains(path)
                    byTag[group(path), default: TagTally()].expected(found)
                    byDimension[dimension(path), default: TagTally()].expected(found)
                }
            }
        }
        // People of the truth the panorama knows nothing about: every expected tag is missed.
        for (number, tags) in truth.tags where !seen.contains(number) {
            for (path, support) in tags where support >= (minimumSupport[path] ?? 1) {
                byTag[group(path), default: TagTally()].expected(false)
                byDimension[dimension(path), default: TagTally()].expected(false)
            }
        }
        let homeScore = home.score
        let workScore = work.score
        let dimensions = ["region", "demographic", "preference", "behaviour"].map { byDimension[$0, default: TagTally()].score($0) }
        var goals = [
            Goal(name: "home (exact place)", target: 0.95, value: homeScore.exactShare, met: homeScore.exactShare >= 0.95),
            Goal(name: "work (exact place)", target: 0.90, value: workScore.exactShare, met: workScore.exactShare >= 0.90),
        ]
        // A dimension with nothing produced (or nothing expected) has no precision (or recall) to hold to a goal.
        for score in dimensions {
            if score.produced > 0 {
                goals.append(Goal(name: "\(score.name) precision", target: 0.90, value: score.precision, met: score.precision >= 0.90))
            }
            if score.expected > 0 {
                goals.append(Goal(name: "\(score.name) recall", target: 0.85, value: score.recall, met: score.recall >= 0.85))
            }
        }
        return PanoramaEvaluation(
            workspace: workspace.layout.root.path, truth: truthDirectory.path, build: reader.build.id, subscribers: matchedSubscribers,
            home: homeScore, work: workScore, dimensions: dimensions,
            tags: byTag.keys.sorted().map { byTag[$0]!.score($0) },
            notJudged: notJudged.keys.sorted().map { Unjudged(name: $0, produced: notJudged[$0] ?? 0) }, goals: goals)
    }
}

struct AnchorTally {
    var evaluated = 0
    var exact = 0
    var within = 0
    var missing = 0

    var score: PanoramaEvaluation.AnchorScore {
        PanoramaEvaluation.AnchorScore(
            evaluated: evaluated, exactPlace: exact, within500m: within, missing: missing,
            exactShare: Self.share(exact, evaluated), within500mShare: Self.share(within, evaluated))
    }

    static func share(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}

struct TagTally {
    var produced = 0
    var correct = 0
    var expected = 0
    var found = 0

    mutating func produced(_ isCorrect: Bool) {
        produced += 1
        if isCorrect { correct += 1 }
    }

    mutating func expected(_ isFound: Bool) {
        expected += 1
        if isFound { found += 1 }
    }

    func score(_ name: String) -> PanoramaEvaluation.TagScore {
        PanoramaEvaluation.TagScore(
            name: name, produced: produced, correct: correct, expected: expected, found: found,
            precision: AnchorTally.share(correct, produced), recall: AnchorTally.share(found, expected))
    }
}
