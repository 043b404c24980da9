import Foundation
import PanoramaBuild
import PanoramaEngine
import PanoramaEvaluation
import PanoramaIngest
import PanoramaModel
import PanoramaSimulation
import PanoramaStore
import PanoramaTestSupport
import Testing

/// A small demo city ingested in two steps: everything but its last day, then the last day.
struct TwoStepCity {
    let temporary: TemporaryDirectory
    let city: URL
    let workspace: Workspace
    let lastDayFiles: URL
    let lastDayRecords: Int

    init(subscribers: Int = 600, days: Int = 4) throws {
        temporary = try TemporaryDirectory()
        city = temporary.path("city")
        _ = try DemoCity(subscribers: subscribers, days: days, seed: 11).write(to: city, workers: 2)
        let names = try FileManager.default.contentsOfDirectory(atPath: city.path).sorted()
        let days = names.filter { $0.hasPrefix("locations-") || $0.hasPrefix("interactions-") }
        let lastDay = Set(days.filter { $0.hasPrefix("locations-") }.suffix(1) + days.filter { $0.hasPrefix("interactions-") }.suffix(1))
        let first = temporary.path("first")
        lastDayFiles = temporary.path("last")
        for directory in [first, lastDayFiles] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        for name in names where name.hasSuffix(".csv") {
            let target = (lastDay.contains(name) ? lastDayFiles : first).appendingPathComponent(name)
            try FileManager.default.createSymbolicLink(at: target, withDestinationURL: city.appendingPathComponent(name))
        }
        let lastLocations = try String(contentsOf: city.appendingPathComponent(lastDay.first { $0.hasPrefix("locations-") }!), encoding: .utf8)
        lastDayRecords = lastLocations.split(separator: "\n").count - 1
        workspace = try Workspace.create(at: temporary.path("workspace"), configuration: WorkspaceConfiguration(partitions: 8))
        _ = try Ingest.run(workspace: workspace, input: first, options: Ingest.Options(workers: 2))
    }

    func ingestLastDay() throws {
        _ = try Ingest.run(workspace: workspace, input: lastDayFiles, options: Ingest.Options(workers: 2))
    }

    /// Every subscriber's typical-day hours, by subscriber.
    func typicalDays() throws -> [UInt32: [TypicalHour]] {
        let reader = try PanoramaReader(workspace: workspace)
        var days: [UInt32: [TypicalHour]] = [:]
        for partition in 0..<reader.partitions {
            for state in try reader.states(partition: partition) { days[state.subscriber] = state.typicalDay }
        }
        return days
    }

    func export(_ what: PanoramaExport.What) throws -> String {
        var text = ""
        try PanoramaExport(reader: try PanoramaReader(workspace: workspace)).write(what, format: .csv, reveal: true, includeHistory: true) {
            text += $0
        }
        return text
    }
}

@Suite(.serialized) struct BuildTests {
    @Test func anIncrementalBuildReadsOnlyTheNewDayAndMatchesAFullBuild() throws {
        let city = try TwoStepCity()
        let first = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        #expect(first.build?.kind == .full)
        #expect(first.fullBecause == "it is the first build")

        try city.ingestLastDay()
        let incremental = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        #expect(incremental.build?.kind == .incremental)
        #expect(incremental.recordsRead == city.lastDayRecords)
        #expect(incremental.build?.daysAdded == 1)
        let incrementalTags = try city.export(.tags)
        #expect(incrementalTags.contains(",ended,") || incrementalTags.contains(",active,"))
        let incrementalAnchors = try city.export(.anchors)
        let incrementalDays = try city.typicalDays()

        let full = try PanoramaBuilder(workspace: city.workspace, options: .init(full: true, workers: 2)).run()
        #expect(full.build?.kind == .full)
        #expect(full.recordsRead == (try city.workspace.status()).locationRecords)
        #expect(try city.export(.tags) == incrementalTags)
        #expect(try city.export(.anchors) == incrementalAnchors)
        #expect(try city.typicalDays() == incrementalDays, "typical days vote day by day, so adding a day equals building all")
        #expect(incrementalDays.values.filter { $0.count == TypicalHour.slots }.count > 500)
        #expect(incrementalTags.split(separator: "\n").count > 600, "a demo city gives every subscriber tags")

        let upToDate = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        #expect(upToDate.build == nil && upToDate.upToDate && upToDate.timings.workers == 0)
        #expect(incremental.upToDate == false)

        // Where the time went: the workers' steps fit in the partitions' wall time, two workers at once.
        for report in [first, incremental, full] {
            let time = report.timings
            let steps = [time.readingStates, time.readingRecords, time.observing, time.assembling, time.writingStates]
            #expect(time.workers == 2)
            #expect(time.observing > 0 && time.partitions > 0 && time.setUp > 0)
            #expect(steps.allSatisfy { $0 >= 0 })
            #expect(steps.reduce(0, +) <= 2 * time.partitions)
            #expect(time.setUp + time.partitions + time.commit <= report.seconds + 0.001)
        }
    }

    @Test func aPanoramaBuiltBeforeTheTypicalDayIsRebuiltInFull() throws {
        let city = try TwoStepCity(subscribers: 300, days: 3)
        let first = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        let build = try #require(first.build)
        // A dictionary of that time has no sites of cells.
        let url = city.workspace.layout.generation(build.id).appendingPathComponent("dictionary.json")
        var dictionary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        dictionary["cellSites"] = nil
        try JSONSerialization.data(withJSONObject: dictionary).write(to: url)
        try city.ingestLastDay()
        let next = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        #expect(next.build?.kind == .full)
        #expect(next.fullBecause == "the last build predates the typical day")
    }

    @Test func aPanoramaOfAnEarlierEngineIsRebuiltInFull() throws {
        let city = try TwoStepCity(subscribers: 300, days: 3)
        let build = try #require(try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run().build)
        let url = city.workspace.layout.generation(build.id).appendingPathComponent("dictionary.json")
        var dictionary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(dictionary["engine"] as? Int == 6)
        dictionary["engine"] = nil
        try JSONSerialization.data(withJSONObject: dictionary).write(to: url)
        try city.ingestLastDay()
        let next = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        #expect(next.build?.kind == .full)
        #expect(next.fullBecause == "the last build was made by an earlier version of the engine")
    }

    @Test func changedPlacesMakeTheNextBuildFull() throws {
        let city = try TwoStepCity(subscribers: 300, days: 2)
        _ = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        let update = city.temporary.path("places-update")
        try FileManager.default.createDirectory(at: update, withIntermediateDirectories: true)
        let places = try String(contentsOf: city.city.appendingPathComponent("places.csv"), encoding: .utf8)
        try Data(places.replacingOccurrences(of: "Xinghe Bay", with: "Xinghe Bay Phase II").utf8).write(to: update.appendingPathComponent("places.csv"))
        _ = try Ingest.run(workspace: city.workspace, input: update, options: Ingest.Options(workers: 2))
        let rebuilt = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        #expect(rebuilt.build?.kind == .full)
        #expect(rebuilt.fullBecause == "cells, places, events or regions changed since the last build")
        #expect(try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run().build == nil)
    }

    @Test func anInvalidCatalogStopsTheBuildAndKeepsThePreviousPanorama() throws {
        let city = try TwoStepCity(subscribers: 300, days: 2)
        let built = try #require(try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run().build)
        let before = try city.export(.tags)
        let bad = city.temporary.path("bad.yaml")
        try Data("version: 1\ntags:\n  - path: preference/sport/golf\n    source: visit\n    place_types: [golf_course]\n".utf8).write(to: bad)
        let error = #expect(throws: CatalogError.self) {
            try PanoramaBuilder(workspace: city.workspace, options: .init(catalog: bad, workers: 2)).run()
        }
        #expect(error?.problems.map(\.line) == [5])
        #expect(error?.userMessage.contains("unknown place type 'golf_course'") == true)
        #expect(try city.workspace.latestBuild()?.id == built.id)
        #expect(try city.export(.tags) == before)
    }

    @Test func aWorkspaceWithoutRecordsOrBuildSaysWhatToDo() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temporary.path("empty"))
        #expect(throws: PanoramaBuildError.noRecords(workspace: workspace.layout.root.path)) {
            try PanoramaBuilder(workspace: workspace).run()
        }
        #expect(throws: PanoramaBuildError.notBuilt(workspace: workspace.layout.root.path)) {
            try PanoramaReader(workspace: workspace)
        }
    }

    @Test func exportsAreKeyedByPseudonymUnlessRevealed() throws {
        let city = try TwoStepCity(subscribers: 300, days: 3)
        try city.ingestLastDay()
        _ = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        let reader = try PanoramaReader(workspace: city.workspace)
        var hidden = ""
        try PanoramaExport(reader: reader).write(.anchors, format: .csv, reveal: false, includeHistory: false) { hidden += $0 }
        var jsonl = ""
        try PanoramaExport(reader: reader).write(.tags, format: .jsonl, reveal: true, includeHistory: false) { jsonl += $0 }
        #expect(!hidden.contains(DemoCity.xiaoWangNumber))
        #expect(hidden.hasPrefix("subscriber,kind,place,place_name,place_type,cell,region,days,first_seen,last_seen,confidence\n"))
        let xiaoWang = try #require(try city.workspace.subscriber(number: DemoCity.xiaoWangNumber))
        #expect(hidden.contains(xiaoWang.pseudonym.hex + ",home,"))
        let line = try #require(jsonl.split(separator: "\n").first { $0.contains(DemoCity.xiaoWangNumber) })
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["subscriber"] as? String == DemoCity.xiaoWangNumber)
    }

    @Test func xiaoWangsPanoramaTellsHisStory() throws {
        let city = try TwoStepCity(subscribers: 800, days: 7)
        try city.ingestLastDay()
        _ = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        let reader = try PanoramaReader(workspace: city.workspace)
        let xiaoWang = try #require(try city.workspace.subscriber(number: DemoCity.xiaoWangNumber))
        let state = try #require(try reader.state(of: xiaoWang.index))
        let view = reader.view(state, pseudonym: xiaoWang.pseudonym.hex, masked: xiaoWang.masked.description)
        // The towers of Tianhe North stand within a few hundred metres, served by the same
        // cells: the tower itself is not always told apart, the business district is.
        #expect(view.anchors.first { $0.kind == "work" }?.placeName?.hasPrefix("Tianhe North Tower") == true)
        let tags = Set(view.tags.filter { $0.status == "active" }.map(\.path))
        #expect(tags.contains("demographic/occupation/white_collar"))
        #expect(tags.contains("preference/expo/IT"))
        #expect(tags.contains("preference/music/pop/Jacky Cheung"))
        let concert = try #require(view.tags.first { $0.path == "preference/music/pop/Jacky Cheung" })
        #expect(concert.evidence?.contains("Jacky Cheung") == true)
        // His weekday: home at night, the office tower by day.
        let weekday = try #require(view.typicalDay?.weekday)
        #expect(view.typicalDay?.weekdaysObserved == 5)
        let night = try #require(weekday.first { $0.from <= 3 && $0.to > 3 })
        #expect(night.anchor == "home")
        #expect(night.near.first?.hasPrefix("Xinghe Bay") == true)
        let noon = try #require(weekday.first { $0.from <= 11 && $0.to > 11 })
        #expect(noon.anchor == "work")
        #expect(noon.near.first?.hasPrefix("Tianhe North Tower") == true)
        // Two of his five weekdays' mornings were at the IT Expo.
        #expect(noon.seen == 5 && noon.days >= 3)
    }

    @Test func evaluationJoinsThePanoramaWithTheTruth() throws {
        let city = try TwoStepCity(subscribers: 800, days: 7)
        try city.ingestLastDay()
        _ = try PanoramaBuilder(workspace: city.workspace, options: .init(workers: 2)).run()
        let evaluation = try PanoramaEvaluation.run(workspace: city.workspace, truthDirectory: city.city.appendingPathComponent("truth"))
        #expect(evaluation.subscribers > 700)
        #expect(evaluation.home.evaluated > 700)
        #expect(evaluation.home.within500mShare > 0.8)
        #expect(evaluation.work.within500mShare > 0.7)
        #expect(evaluation.dimensions.map(\.name) == ["region", "demographic", "preference", "behaviour"])
        #expect(evaluation.dimensions.allSatisfy { $0.produced > 0 && $0.expected > 0 })
        #expect(evaluation.goals.count == 10)
        #expect(evaluation.notJudged.isEmpty)

        // A tag the user adds is not in the truth: it is listed apart, and the figures stay.
        let own = city.temporary.path("own.yaml")
        try (DefaultCatalog.text + """

              - path: preference/sport/stadium_goer
                source: visit
                place_types: [stadium]
                window: "18:00-23:00"
                min_dwell: 60m
            """).write(to: own, atomically: true, encoding: .utf8)
        _ = try PanoramaBuilder(workspace: city.workspace, options: .init(catalog: own, workers: 2)).run()
        let withOwnTag = try PanoramaEvaluation.run(workspace: city.workspace, truthDirectory: city.city.appendingPathComponent("truth"))
        #expect(withOwnTag.notJudged.map(\.name) == ["preference/sport/stadium_goer"])
        #expect((withOwnTag.notJudged.first?.produced ?? 0) > 0)
        #expect(withOwnTag.dimensions == evaluation.dimensions)
        #expect(throws: EvaluationError.self) {
            try PanoramaEvaluation.run(workspace: city.workspace, truthDirectory: city.temporary.path("nowhere"))
        }

        // The same truth beside another city's places (every place 2 km east) is refused.
        let other = city.temporary.path("other-city")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: city.city.appendingPathComponent("truth"), to: other.appendingPathComponent("truth"))
        let places = try String(contentsOf: city.city.appendingPathComponent("places.csv"), encoding: .utf8)
        var lines = places.split(separator: "\n").map(String.init)
        let longitude = try #require(lines[0].split(separator: ",").firstIndex(of: "longitude"))
        for index in 1..<lines.count {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let value = Double(fields[longitude]) { fields[longitude] = String(value + 0.02) }
            lines[index] = fields.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(to: other.appendingPathComponent("places.csv"), atomically: true, encoding: .utf8)
        #expect {
            try PanoramaEvaluation.run(workspace: city.workspace, truthDirectory: other.appendingPathComponent("truth"))
        } throws: { error in
            guard case .otherCity(_, _, let elsewhere, let total) = error as? EvaluationError else { return false }
            return elsewhere * 2 > total && total > 10
        }
    }
}
