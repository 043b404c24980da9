import Foundation
import GRDB
import PanoramaModel

/// One all-or-nothing change of a workspace, handed to the closure of `Workspace.update`.
///
/// It is confined to the thread that runs the closure (it wraps an open SQLite
/// transaction); record parsing may fan out to worker threads, each with its own
/// `PartitionedSegmentWriter` from `segmentWriters(for:workers:)`.
public final class WorkspaceUpdate {
    let db: Database
    let workspace: Workspace
    /// The identifier of this ingest in the workspace's history.
    public let ingestID: Int64
    /// Where reports of rejected rows for this run are to be written.
    public let rejectsDirectory: URL
    private let token: String
    private let startedAt: Int64
    private var writers: [RecordVolume: [any SegmentFileWriter]] = [:]
    /// The number directory once read, with the subscribers this update added.
    var numberDirectory: NumberDirectory?
    var numberDirectoryChanged = false

    init(db: Database, workspace: Workspace, input: String, token: String, rejectsDirectory: URL) throws {
        self.db = db
        self.workspace = workspace
        self.token = token
        self.rejectsDirectory = rejectsDirectory
        startedAt = Int64(Date().timeIntervalSince1970)
        let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM ingest") ?? 0
        ingestID = last + 1
        try db.execute(
            sql: "INSERT INTO ingest (id, started_at, finished_at, input) VALUES (?, ?, ?, ?)",
            arguments: [ingestID, startedAt, startedAt, input])
    }

    public var configuration: WorkspaceConfiguration { workspace.configuration }
    public var pseudonymizer: Pseudonymizer { workspace.pseudonymizer }

    /// The segment writers of a record volume for this update, one per worker.
    ///
    /// Every file of the volume in this update goes through the same writers, so an
    /// update writes at most `workers × partitions` segments per volume however many input
    /// files it reads. They are finished and listed in the manifest when the update
    /// commits, and their files removed if it fails.
    public func segmentWriters<Record: SegmentRecord>(
        for _: Record.Type, workers: Int
    ) -> [PartitionedSegmentWriter<Record>] {
        let existing = writers[Record.volume] as? [PartitionedSegmentWriter<Record>] ?? []
        if existing.count >= workers { return Array(existing.prefix(workers)) }
        let layout = workspace.layout
        let ingest = String(ingestID)
        let created = (existing.count..<workers).map { worker in
            let stem = "i" + String(repeating: "0", count: max(0, 6 - ingest.count)) + ingest + "-\(token)-w\(worker)"
            return PartitionedSegmentWriter<Record>(
                partitions: configuration.partitions, recordsRoot: layout.records, fileStem: stem
            ) { partition in layout.partitionDirectory(volume: Record.volume, partition: partition) }
        }
        writers[Record.volume] = existing + created
        return existing + created
    }

    func complete() throws {
        try saveNumberDirectory()
        var segments: [RecordSegment] = []
        for volume in RecordVolume.allCases {
            for writer in writers[volume] ?? [] { segments += try writer.finish() }
        }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO record_segment (file, ingest_id, volume, partition, records, min_time, max_time)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for segment in segments {
            try statement.execute(arguments: [
                segment.file, ingestID, segment.volume.rawValue, segment.partition, segment.records,
                Int64(segment.minTime), Int64(segment.maxTime),
            ])
        }
        try db.execute(
            sql: "UPDATE ingest SET finished_at = ? WHERE id = ?",
            arguments: [Int64(Date().timeIntervalSince1970), ingestID])
    }

    func discardWrittenFiles() {
        for writer in writers.values.joined() {
            for file in writer.createdFiles { try? FileManager.default.removeItem(at: file) }
        }
    }
}
