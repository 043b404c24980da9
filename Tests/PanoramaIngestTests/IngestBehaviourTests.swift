import Foundation
import PanoramaIngest
import PanoramaModel
import PanoramaStore
import PanoramaTestSupport
import Testing

@Suite struct IngestBehaviourTests {
    @Test func aSecondIngestAppendsNewDaysAndUpdatesCustomers() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let firstIndex = try #require(try workspace.subscriber(number: "13800000002")).index
        let day2 = try InputFixture(in: temporary, name: "day2")
        try day2.writeLocations(InputFixture.locationRows(120, day: 2))
        _ = try Ingest.run(workspace: workspace, input: day2.directory)
        let day3 = try InputFixture(in: temporary, name: "day3")
        try day3.writeLocations(InputFixture.locationRows(80, day: 3))
        try day3.write(
            "subscribers.csv",
            ["subscriber,activation_date,plan,quota_mb,monthly_fee", "13800000002,2024-01-01,PLAN,4096,98"])
        _ = try Ingest.run(workspace: workspace, input: day3.directory)

        let status = try workspace.status()
        #expect(status.locationRecords == 200)
        #expect(status.ingests == 3)
        #expect(status.subscribers == 3)
        let updated = try #require(try workspace.subscriber(number: "13800000002"))
        #expect(updated.index == firstIndex)
        #expect(updated.profile.quotaMB == 4096)
        #expect(updated.profile.monthlyFee == 98)
        let range = try #require(status.locationTimeRange)
        #expect(range.lowerBound == 1_793_548_800)
        #expect(range.upperBound == 1_793_635_200 + 79 * 60)
    }

    @Test func callsAreKeptFromEverySubscribersSide() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary, partitions: 1)
        let input = try InputFixture(in: temporary)
        try input.write(
            "interactions.csv",
            [
                "caller,callee,time,kind,duration_s",
                "13800000001,13800000002,2026-11-02T09:00:00+08:00,voice,65",
                "13900000077,13800000003,2026-11-02T10:00:00+08:00,sms,0",
                "13900000077,13900000088,2026-11-02T11:00:00+08:00,voice,30",
                "13800000003,13800000003,2026-11-02T12:00:00+08:00,voice,30",
            ])
        let report = try Ingest.run(
            workspace: workspace, input: input.directory, options: Ingest.Options(maxRejectedShare: 1))
        let file = try #require(report.files.first)
        #expect(file.accepted == 2)
        #expect(file.recordsWritten == 3)
        #expect(file.rejectedByReason == [.undefinedSubscriber: 1, .invalidValue: 1])
        let status = try workspace.status()
        #expect(status.externalParties == 1)

        let first = try #require(try workspace.subscriber(number: "13800000001")).index
        let second = try #require(try workspace.subscriber(number: "13800000002")).index
        let third = try #require(try workspace.subscriber(number: "13800000003")).index
        let records = try workspace.records(InteractionRecord.self, partition: 0)
        let outgoing = try #require(records.first { $0.owner == first })
        #expect(outgoing.isOutgoing && outgoing.other == second && outgoing.duration == 65 && outgoing.kind == .voice)
        let incoming = try #require(records.first { $0.owner == second })
        #expect(!incoming.isOutgoing && incoming.other == first)
        let text = try #require(records.first { $0.owner == third })
        #expect(text.kind == .sms && !text.isOutgoing && text.otherIsExternal && text.otherIndex == 0)
    }

    @Test func regionsMayComeInAnyOrderButNeedAcceptedParents() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temporary.path("workspace"))
        let input = try InputFixture(in: temporary)
        try input.writeReference()
        try input.write(
            "regions.csv",
            [
                "id,name,level,parent,latitude,longitude", "S1,Store,store,A1,23.13,113.26", "A1,Area,area,M1,,",
                "M1,Center,center,B1,,", "B1,Branch,branch,,,", "A2,Orphan area,area,M9,,",
                "S2,Store of the orphan,store,A2,23.2,113.3", "S3,Store under a center,store,M1,23.2,113.3",
            ])
        let report = try Ingest.run(
            workspace: workspace, input: input.directory, options: Ingest.Options(maxRejectedShare: 1))
        #expect(try workspace.status().regionsByLevel == ["branch": 1, "center": 1, "area": 1, "store": 1])
        #expect(report.files.first?.rejectedByReason == [.unknownRegion: 2, .invalidValue: 1])
        #expect(
            try rejectReport(workspace.layout.rejects.appendingPathComponent("regions.csv")) == [
                "6,unknown region,parent M9 is not an accepted region",
                "7,unknown region,parent A2 is not an accepted region",
                "8,invalid value,parent M1 of store S3 is at level center where area is needed",
            ])
    }

    @Test func quotedAndPaddedRecordLinesParseLikePlainOnes() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary, partitions: 1)
        let input = try InputFixture(in: temporary)
        try input.write(
            "locations.csv",
            [
                "cell,subscriber,time", "\"C2\",\"13800000001\",\"2026-11-02T08:00:00+08:00\"",
                " C1 , 13800000002 ,2026-11-02T08:01:00+08:00\r", "", "C1,\"13800000003,2026-11-02T08:02:00+08:00",
            ])
        let report = try Ingest.run(
            workspace: workspace, input: input.directory, options: Ingest.Options(maxRejectedShare: 1))
        #expect(report.files.first?.read == 3)
        #expect(report.files.first?.rejectedByReason == [.unclosedQuote: 1])
        let records = try workspace.records(LocationRecord.self, partition: 0).sorted { $0.time < $1.time }
        #expect(records.map(\.time) == [1_793_577_600, 1_793_577_660])
        let first = try #require(try workspace.subscriber(number: "13800000001")).index
        #expect(records.first?.subscriber == first)
        #expect(records.first?.cell == 1)
    }

    @Test func theWorkspaceThresholdAppliesWhenNoOptionIsGiven() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try Workspace.create(
            at: temporary.path("workspace"), configuration: WorkspaceConfiguration(maxRejectedShare: 0.2))
        let input = try InputFixture(in: temporary)
        try input.writeReference()
        var rows = InputFixture.locationRows(10)
        rows[0] = "13800000001,2026-11-02T08:00:00+08:00,C404"
        try input.writeLocations(rows)
        let report = try Ingest.run(workspace: workspace, input: input.directory)
        #expect(report.files.last?.rejected == 1)
        #expect(try workspace.status().locationRecords == 9)
    }

    @Test func referenceRulesRejectInconsistentRows() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.write(
            "places.csv",
            [
                "id,name,type,latitude,longitude,radius_m,cells,attributes",
                "P1,Riverside Garden,residential_estate,23.13,113.26,300,C1;C2,price_tier=high",
                "P2,Moon Base,spaceport,23.13,113.26,300,,", "P3,Far Tower,office_tower,23.13,113.26,300,C9,",
            ])
        try input.write(
            "events.csv",
            [
                "id,name,place,start,end,category",
                "E1,Concert,P1,2026-11-02T19:30:00+08:00,2026-11-02T22:00:00+08:00,music/pop/Jacky Cheung",
                "E2,Backwards,P1,2026-11-02T22:00:00+08:00,2026-11-02T19:30:00+08:00,music/pop",
                "E3,Nowhere,P3,2026-11-02T19:30:00+08:00,2026-11-02T22:00:00+08:00,sport",
            ])
        try input.write(
            "subscriptions.csv",
            ["subscriber,product,start,end,activity", "13800000001,FETION,2026-10-01,,0.5", "13800000001,NOPE,2026-10-01,,"])
        let report = try Ingest.run(
            workspace: workspace, input: input.directory, options: Ingest.Options(maxRejectedShare: 1))
        let byFile = Dictionary(uniqueKeysWithValues: report.files.map { ($0.file, $0.rejectedByReason) })
        #expect(byFile["places.csv"] == [.invalidValue: 1, .unknownCell: 1])
        #expect(byFile["events.csv"] == [.inconsistentTimes: 1, .unknownPlace: 1])
        #expect(byFile["subscriptions.csv"] == [.unknownProduct: 1])
        let status = try workspace.status()
        #expect(status.places == 1 && status.events == 1 && status.subscriptions == 1)
    }
}

@Suite struct DuplicateKeyTests {
    @Test func aRejectedRowDoesNotClaimItsKey() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.write(
            "subscriptions.csv",
            [
                "subscriber,product,start,end,activity", "13800000001,FETION,2026-10-01,,1.7",
                "13800000001,FETION,2026-10-01,,0.7", "13800000001,FETION,2026-10-01,,0.2",
            ])
        let report = try Ingest.run(
            workspace: workspace, input: input.directory, options: Ingest.Options(maxRejectedShare: 1))
        #expect(report.files.first?.rejectedByReason == [.invalidNumber: 1, .duplicate: 1])
        #expect(
            try rejectReport(workspace.layout.rejects.appendingPathComponent("subscriptions.csv")) == [
                "2,invalid number,activity 1.7 is above the maximum 1",
                "4,duplicate,subscription FETION from 2026-10-01 was already defined on line 3",
            ])
    }
}

@Suite struct SegmentLayoutTests {
    @Test func manyRecordFilesInOneIngestShareTheirSegments() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary, partitions: 4)
        let input = try InputFixture(in: temporary)
        for hour in 0..<6 {
            try input.writeLocations(InputFixture.locationRows(50 + hour, day: 2), name: "locations-hour\(hour).csv")
        }
        let report = try Ingest.run(workspace: workspace, input: input.directory, options: Ingest.Options(workers: 2))
        #expect(report.files.count == 6)
        let status = try workspace.status()
        #expect(status.locationRecords == (0..<6).map { 50 + $0 }.reduce(0, +))
        #expect(status.segments <= 2 * 4)
    }
}
