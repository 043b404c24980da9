import ArgumentParser
import Foundation
import PanoramaBuild
import PanoramaModel
import PanoramaRisk
import PanoramaStore

extension MomentKind: ExpressibleByArgument {}

struct MomentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moments",
        abstract: "Key moments (handset change, quota overflow, voice silence, contract ending, fault, churn score jump) with evidence and the action to take.",
        discussion: """
            A churn score jump needs a trained model (`panorama risk train`); --region needs a \
            built panorama (`panorama build`), whose home anchors place customers in the territory.
            """)

    @Argument(help: "The workspace.")
    var workspace: String

    @Option(help: "Only moments on or after this day, YYYY-MM-DD.")
    var since: String?

    @Option(help: "Only customers whose home is in this territory path or below it, such as BR-1/MC-1.")
    var region: String?

    @Option(help: "Only moments of this kind (repeatable).")
    var kind: [MomentKind] = []

    @Option(parsing: .unconditional, help: "Days of almost no outgoing voice calls that make a silence.")
    var silenceDays = 7

    @OptionGroup var output: RowOutput

    @Option(parsing: .unconditional, help: "Table: how many of the latest moments to list.")
    var limit = 30

    func validate() throws {
        if let since, CivilDate(text: since) == nil {
            throw ValidationError("--since must be a day such as 2026-11-01, not '\(since)'.")
        }
        if let region, region.isEmpty || region.count > 200 || region.contains(where: \.isWhitespace) {
            throw ValidationError("--region must be a territory path such as BR-1/MC-1.")
        }
        guard (1...365).contains(silenceDays) else { throw ValidationError("--silence-days must be from 1 to 365.") }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let moments = try opened.keyMoments(silenceDays: silenceDays, scoringJumps: kind.isEmpty || kind.contains(.churnScoreJump))
        var homes: [UInt32: String] = [:]
        if let region {
            homes = try PanoramaReader(workspace: opened).homeRegions()
            guard homes.values.contains(where: { Self.isWithin($0, region) }) else {
                throw CommandFailure("No customer's home is in \(region); territory paths look like \(homes.values.min() ?? "BR-1/MC-1/AR-1/ST-0001").")
            }
        }
        let sinceTime = since.flatMap(CivilDate.init(text:)).map { opened.configuration.utcOffset.start(ofDay: Int32($0.daysSinceEpoch)) } ?? .min
        let chosen = moments.filter { moment in
            moment.time >= sinceTime && (kind.isEmpty || kind.contains(moment.kind))
                && (region == nil || homes[moment.subscriber].map { Self.isWithin($0, region ?? "") } == true)
        }
        let key = try output.keys(opened)
        let utc = opened.configuration.utcOffset
        try output.write(noun: "moments") { write -> Int in
            switch output.format {
            case .table:
                var counts: [MomentKind: Int] = [:]
                for moment in chosen { counts[moment.kind, default: 0] += 1 }
                write("\(Format.count(chosen.count)) key moments: " + MomentKind.allCases.map { "\($0.rawValue) \(Format.count(counts[$0] ?? 0))" }.joined(separator: ", ") + "\n")
                for moment in chosen.suffix(limit).reversed() {
                    write("  \(Format.time(moment.time, utc))  \((key[moment.subscriber] ?? "?").padding(toLength: 12, withPad: " ", startingAt: 0))  \(moment.kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0))  \(moment.evidence)\n")
                    write("        → \(moment.action)\n")
                }
                return 0
            case .csv:
                write("subscriber,time,kind,evidence,action\n")
                for moment in chosen {
                    guard let subscriber = key[moment.subscriber] else { continue }
                    write([subscriber, utc.isoTime(moment.time), moment.kind.rawValue, moment.evidence, moment.action].map(CSVField.quoted).joined(separator: ",") + "\n")
                }
                return chosen.count
            case .jsonl:
                struct Line: Encodable {
                    let subscriber: String
                    let time: String
                    let kind: String
                    let evidence: String
                    let action: String
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for moment in chosen {
                    guard let subscriber = key[moment.subscriber] else { continue }
                    let line = Line(subscriber: subscriber, time: utc.isoTime(moment.time), kind: moment.kind.rawValue, evidence: moment.evidence, action: moment.action)
                    write(String(decoding: try encoder.encode(line), as: UTF8.self) + "\n")
                }
                return chosen.count
            }
        }
    }

    /// Whether `path` is `region` or lies below it.
    static func isWithin(_ path: String, _ region: String) -> Bool {
        path == region || path.hasPrefix(region.hasSuffix("/") ? region : region + "/")
    }
}
