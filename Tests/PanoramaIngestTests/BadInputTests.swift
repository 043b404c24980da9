import Foundation
import PanoramaIngest
import PanoramaModel
import PanoramaStore
import PanoramaTestSupport
import Testing

/// Every bad input of the foundation issue: a clear outcome, and a workspace unchanged.
@Suite struct BadInputTests {
    /// Runs an ingest expected to fail, and checks the workspace did not change.
    private func expectFailure(
        _ expected: IngestError, workspace: Workspace, input: URL, options: Ingest.Options = Ingest.Options()
    ) throws {
        let before = try WorkspaceSnapshot(workspace)
        #expect(throws: expected) { try Ingest.run(workspace: workspace, input: input, options: options) }
        #expect(try WorkspaceSnapshot(workspace) == before)
    }

    /// Runs an ingest with one bad row among a few: it fails the 1% threshold, changes
    /// nothing and reports the row; allowed a higher threshold, it loads the rest.
    private func expectRejectedRow(
        file: String, line: Int, reason: RejectReason, detail: String, read: Int, setUp: (InputFixture) throws -> Void
    ) throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try setUp(input)
        let failed = workspace.layout.failedRejects.appendingPathComponent(file).path
        try expectFailure(
            .tooManyRejected(file: file, rejected: 1, read: read, threshold: 0.01, report: failed), workspace: workspace,
            input: input.directory)
        #expect(try rejectReport(URL(fileURLWithPath: failed)) == ["\(line),\(reason.rawValue),\(detail)"])

        let report = try Ingest.run(
            workspace: workspace, input: input.directory, options: Ingest.Options(maxRejectedShare: 0.5))
        let fileReport = try #require(report.files.first { $0.file == file })
        #expect(fileReport.rejected == 1)
        #expect(fileReport.accepted == read - 1)
        #expect(fileReport.rejectedByReason == [reason: 1])
        #expect(try rejectReport(workspace.layout.rejects.appendingPathComponent(file)) == ["\(line),\(reason.rawValue),\(detail)"])
        #expect(!FileManager.default.fileExists(atPath: workspace.layout.failedRejects.path))
    }

    @Test func missingInputDirectory() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let missing = temporary.path("no-such-input")
        try expectFailure(.missingInput(path: missing.path), workspace: workspace, input: missing)
    }

    @Test func missingRequiredFileOnTheFirstIngest() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temporary.path("workspace"))
        let input = try InputFixture(in: temporary)
        try input.writeReference()
        try input.remove("subscribers.csv")
        try input.writeLocations(InputFixture.locationRows(3))
        try expectFailure(
            .missingRequiredFile(kind: "subscribers", expected: "subscribers.csv"), workspace: workspace,
            input: input.directory)
        #expect(try workspace.status().ingests == 0)
    }

    @Test func unknownColumn() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.write("cells.csv", ["id,site,latitude,longitude,store,colour", "C9,SITE9,23.1,113.2,S1,red"])
        try expectFailure(
            .unknownColumn(
                file: "cells.csv", column: "colour", expected: ["id", "site", "latitude", "longitude", "store"]),
            workspace: workspace, input: input.directory)
    }

    @Test func missingAndDuplicateColumns() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.write("locations.csv", ["subscriber,time", "13800000001,2026-11-02T08:00:00+08:00"])
        try expectFailure(.missingColumn(file: "locations.csv", column: "cell"), workspace: workspace, input: input.directory)
        try input.write("locations.csv", ["subscriber,time,cell,Time", "13800000001,2026-11-02T08:00:00+08:00,C1,x"])
        try expectFailure(.duplicateColumn(file: "locations.csv", column: "time"), workspace: workspace, input: input.directory)
    }

    @Test func wrongColumnCount() throws {
        try expectRejectedRow(
            file: "locations.csv", line: 5, reason: .wrongColumnCount, detail: "4 columns where the header has 3", read: 10
        ) { input in
            var rows = InputFixture.locationRows(10)
            rows[3] += ",extra"
            try input.writeLocations(rows)
        }
    }

    @Test func unparsableTimestamp() throws {
        try expectRejectedRow(
            file: "locations.csv", line: 3, reason: .invalidTimestamp,
            detail: "time '02/11/2026 08:00' is not a time between 2000 and 2099 written as ISO-8601 (2026-11-01T08:30:00+08:00) or epoch seconds", read: 8
        ) { input in
            var rows = InputFixture.locationRows(8)
            rows[1] = "13800000002,02/11/2026 08:00,C1"
            try input.writeLocations(rows)
        }
    }

    @Test func negativeDuration() throws {
        try expectRejectedRow(
            file: "interactions.csv", line: 4, reason: .negativeDuration, detail: "duration_s -30 is negative", read: 5
        ) { input in
            try input.write(
                "interactions.csv",
                ["caller,callee,time,kind,duration_s"]
                    + (0..<5).map { index in
                        "13800000001,13800000002,2026-11-02T09:0\(index):00+08:00,voice,\(index == 2 ? -30 : 60)"
                    })
        }
    }

    @Test func locationRecordForAnUnknownCell() throws {
        try expectRejectedRow(
            file: "locations.csv", line: 7, reason: .unknownCell, detail: "cell C404 is not a known cell", read: 9
        ) { input in
            var rows = InputFixture.locationRows(9)
            rows[5] = "13800000003,2026-11-02T10:00:00+08:00,C404"
            try input.writeLocations(rows)
        }
    }

    @Test func subscriberReferencedButNotDefined() throws {
        try expectRejectedRow(
            file: "locations.csv", line: 2, reason: .undefinedSubscriber,
            detail: "subscriber 139****9999 is not a known subscriber", read: 6
        ) { input in
            var rows = InputFixture.locationRows(6)
            rows[0] = "13900009999,2026-11-02T10:00:00+08:00,C1"
            try input.writeLocations(rows)
        }
        try expectRejectedRow(
            file: "usage.csv", line: 3, reason: .undefinedSubscriber,
            detail: "subscriber 139****9999 is not a known subscriber", read: 3
        ) { input in
            try input.write(
                "usage.csv",
                [
                    "subscriber,month,arpu,voice_minutes,data_mb,sms,active_days", "13800000001,2026-10,58,100,900,10,30",
                    "13900009999,2026-10,58,100,900,10,30", "13800000002,2026-10,60,80,700,3,29",
                ])
        }
    }

    /// Months are dense columns: a year mistyped decades back or ahead is kept out of them.
    @Test func theLedgerKeepsTheRegularMonthsOfUsage() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        let numbers = (0..<20).map { "139000000\($0 < 10 ? "0" : "")\($0)" }
        try input.write("subscribers.csv", ["subscriber,activation_date,plan,quota_mb,monthly_fee"] + numbers.map { "\($0),2024-01-01,PLAN,1024,58" })
        var rows = ["subscriber,month,arpu,voice_minutes,data_mb,sms,active_days"]
        for month in ["2026-09", "2026-10"] { rows += numbers.map { "\($0),\(month),58,100,900,10,30" } }
        rows += ["\(numbers[0]),1926-10,99,100,900,10,30", "\(numbers[1]),2062-10,99,100,900,10,30"]
        try input.write("usage.csv", rows)
        _ = try Ingest.run(workspace: workspace, input: input.directory)
        let ledger = try workspace.customerLedger()
        #expect(ledger.months.map(\.description) == ["2026-09", "2026-10"])
        #expect(ledger.usage.arpu.filter { !$0.isNaN }.count == 40, "the two stray rows are left out")
    }

    @Test func theLedgerKeepsTheLatestThreeYearsOfUsage() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        var month = CalendarMonth(year: 2023, month: 1)!
        var rows = ["subscriber,month,arpu,voice_minutes,data_mb,sms,active_days"]
        for _ in 0..<40 {
            rows.append("13800000001,\(month),58,100,900,10,30")
            month = month.next
        }
        try input.write("usage.csv", rows)
        _ = try Ingest.run(workspace: workspace, input: input.directory)
        let ledger = try workspace.customerLedger()
        #expect(ledger.months.count == Workspace.ledgerMonths)
        #expect(ledger.months.first?.description == "2023-05" && ledger.months.last?.description == "2026-04")
    }

    @Test func duplicateSubscriber() throws {
        try expectRejectedRow(
            file: "subscribers.csv", line: 4, reason: .duplicate,
            detail: "subscriber 138****0004 was already defined on line 2", read: 3
        ) { input in
            try input.write(
                "subscribers.csv",
                [
                    "subscriber,activation_date,plan,quota_mb,monthly_fee", "13800000004,2025-01-01,PLAN,1024,58",
                    "13800000005,2025-01-01,PLAN,1024,58", "13800000004,2025-02-01,PLAN,2048,88",
                ])
        }
    }

    @Test func truncatedGzip() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.writeLocations(InputFixture.locationRows(5000))
        try input.gzip("locations.csv")
        let compressed = input.directory.appendingPathComponent("locations.csv.gz")
        let whole = try Data(contentsOf: compressed)
        try whole.prefix(whole.count / 2).write(to: compressed)
        try expectFailure(
            .corruptCompression(
                file: "locations.csv.gz", reason: "the file is truncated (it ends inside the compressed data)"),
            workspace: workspace, input: input.directory)
    }

    @Test func gzipLoadsLikePlainText() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.writeLocations(InputFixture.locationRows(3000), name: "locations-a.csv")
        try input.gzip("locations-a.csv")
        // Two gzip members in one file, as `cat a.gz b.gz` produces.
        try input.writeLocations(InputFixture.locationRows(2000, day: 3), name: "locations-b.csv")
        try input.gzip("locations-b.csv")
        var joined = try Data(contentsOf: input.directory.appendingPathComponent("locations-a.csv.gz"))
        joined += try Data(contentsOf: input.directory.appendingPathComponent("locations-b.csv.gz"))
        try input.remove("locations-a.csv.gz")
        try input.remove("locations-b.csv.gz")
        try joined.write(to: input.directory.appendingPathComponent("locations-ab.csv.gz"))
        let report = try Ingest.run(workspace: workspace, input: input.directory)
        #expect(report.files.first?.read == 5001)
        #expect(report.files.first?.rejected == 1)
        #expect(try workspace.status().locationRecords == 5000)
    }

    @Test func emptyFile() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try Data().write(to: input.directory.appendingPathComponent("locations.csv"))
        try expectFailure(.emptyFile(file: "locations.csv"), workspace: workspace, input: input.directory)
        try Data().write(to: input.directory.appendingPathComponent("locations.csv"))
        try input.gzip("locations.csv")
        try expectFailure(.emptyFile(file: "locations.csv.gz"), workspace: workspace, input: input.directory)
    }

    @Test func aDirectoryWithNoDataFiles() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.write("notes.txt", ["nothing here"])
        try expectFailure(.noInputFiles(path: input.directory.path), workspace: workspace, input: input.directory)
    }

    @Test func aMisspeltFileIsListedAsIgnoredButASubdirectoryIsNot() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.writeLocations(InputFixture.locationRows(10))
        try input.write("locaitons-extra.csv", ["subscriber,time,cell"])
        try FileManager.default.createDirectory(at: input.directory.appendingPathComponent("truth"), withIntermediateDirectories: true)
        let report = try Ingest.run(workspace: workspace, input: input.directory)
        #expect(report.files.map(\.file) == ["locations.csv"])
        #expect(report.ignoredFiles == ["locaitons-extra.csv"])
    }

    @Test func theSameRecordFileTwice() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.writeLocations(InputFixture.locationRows(100))
        let first = try Ingest.run(workspace: workspace, input: input.directory)
        try FileManager.default.moveItem(
            at: input.directory.appendingPathComponent("locations.csv"),
            to: input.directory.appendingPathComponent("locations-again.csv"))
        // Found before any file is read: the broken regions file is never reached.
        try input.write("regions.csv", ["id,name,level,colour", "B9,Branch,branch,red"])
        try expectFailure(
            .alreadyIngested(file: "locations-again.csv", ingest: first.ingestID, earlierName: "locations.csv"),
            workspace: workspace, input: input.directory)
    }

    @Test func theSameRecordsPlainAndCompressed() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.writeLocations(InputFixture.locationRows(20))
        try input.gzip("locations.csv")
        try input.writeLocations(InputFixture.locationRows(20))
        try expectFailure(
            .compressedAndPlain(plain: "locations.csv", compressed: "locations.csv.gz"), workspace: workspace,
            input: input.directory)
    }

    @Test func theSameRecordsTwiceInOneInput() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.writeLocations(InputFixture.locationRows(30), name: "locations-a.csv")
        try input.writeLocations(InputFixture.locationRows(30), name: "locations-b.csv")
        try expectFailure(
            .sameContentTwice(file: "locations-b.csv", sameAs: "locations-a.csv"), workspace: workspace,
            input: input.directory)
    }

    @Test func aFileGivenAsTheInputDirectory() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try workspaceWithReference(temporary)
        let input = try InputFixture(in: temporary)
        try input.writeLocations(InputFixture.locationRows(3))
        let file = input.directory.appendingPathComponent("locations.csv")
        try expectFailure(.inputIsAFile(path: file.path), workspace: workspace, input: file)
    }

    @Test func anInvalidNumberIsDescribedNotMasked() throws {
        try expectRejectedRow(
            file: "locations.csv", line: 4, reason: .invalidSubscriberNumber,
            detail: "subscriber number contains '-'; numbers are 5 to 20 digits with an optional leading +", read: 6
        ) { input in
            var rows = InputFixture.locationRows(6)
            rows[2] = "138-0000-0001,2026-11-02T10:00:00+08:00,C1"
            try input.writeLocations(rows)
        }
    }
}
