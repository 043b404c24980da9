import CLinux
import Foundation
import GRDB
import PanoramaModel

#if canImport(Glibc)
    import Glibc
#endif

/// One all-or-nothing change of a workspace, handed to the closure of `Workspace.update`.
///
/// It is confined to the thread that runs the closure (it wraps an open SQLite
/// transaction); record parsing may fan out to worker threads, each with its own
/// `PartitionedSegmentWriter`, and hand the finished segments back through `register`.
public final class WorkspaceUpdate {
    let db: Database
    let workspace: Workspace
    /// The identifier of this ingest in the workspace's history.
    public let ingestID: Int64
    /// Where reports of rejected rows for this run are to be written.
    public let rejectsDirectory: URL
    private let token: String
    private let startedAt: Int64
    private var segments: [RecordSegment] = []
    /// The number directory once read, with the subscribers this update added.
    var numberDirectory: NumberDirectory?
    var numberDirectoryChanged = false
    private var writtenFiles: [URL] = []

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

    /// A writer for one worker's share of a record volume in this update.
    public func makeSegmentWriter<Record: SegmentRecord>(
        for _: Record.Type, worker: Int
    ) -> PartitionedSegmentWriter<Record> {
        let layout = workspace.layout
        let stem = String(format: "i%06lld-%@-w%d", ingestID, token, worker)
        return PartitionedSegmentWriter(
            partitions: configuration.partitions, recordsRoot: layout.records, fileStem: stem
        ) { partition in layout.partitionDirectory(volume: Record.volume, partition: partition) }
    }

    /// Finishes a writer and lists its segments in this update's manifest.
    public func register<Record>(_ writer: PartitionedSegmentWriter<Record>) throws {
        defer { writtenFiles.append(contentsOf: writer.createdFiles) }
        segments.append(contentsOf: try writer.finish())
    }

    /// Forgets a writer's files after a failure, so nothing of it survives.
    public func abandon<Record>(_ writer: PartitionedSegmentWriter<Record>) {
        writtenFiles.append(contentsOf: writer.createdFiles)
    }

    func complete() throws {
        try saveNumberDirectory()
        if !segments.isEmpty { try syncRecords() }
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

    /// Makes the new segments durable before the manifest that lists them commits, so a
    /// power cut cannot leave the manifest pointing at data that never reached the disk.
    private func syncRecords() throws {
        let path = workspace.layout.records.path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw WorkspaceError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard panorama_syncfs(fd) == 0 else { throw WorkspaceError.io(path: path, reason: String(cString: strerror(errno))) }
    }

    func discardWrittenFiles() {
        for file in writtenFiles { try? FileManager.default.removeItem(at: file) }
    }
}
