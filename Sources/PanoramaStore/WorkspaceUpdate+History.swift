import GRDB

/// A file that an earlier ingest already loaded, found by its fingerprint.
public struct IngestedFile: Hashable, Sendable {
    public var ingestID: Int64
    public var name: String
    public var kind: String
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rowsRejected: Int

    public init(ingestID: Int64, name: String, kind: String, rowsRead: Int, rowsAccepted: Int, rowsRejected: Int) {
        self.ingestID = ingestID
        self.name = name
        self.kind = kind
        self.rowsRead = rowsRead
        self.rowsAccepted = rowsAccepted
        self.rowsRejected = rowsRejected
    }
}

extension WorkspaceUpdate {
    /// The earlier load of a file with this fingerprint — by a past ingest or earlier in
    /// this one — if any; loading the same record file twice would double its records.
    public func previouslyIngested(fingerprint: String) throws -> IngestedFile? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT ingest_id, name, kind, rows_read, rows_accepted, rows_rejected
                FROM ingested_file WHERE fingerprint = ? LIMIT 1
                """, arguments: [fingerprint]
        ).map { row in
            IngestedFile(
                ingestID: row[0], name: row[1], kind: row[2], rowsRead: row[3], rowsAccepted: row[4],
                rowsRejected: row[5])
        }
    }

    /// Notes a file of this update in the workspace's history.
    public func recordIngestedFile(_ file: IngestedFile, fingerprint: String) throws {
        try db.execute(
            sql: """
                INSERT INTO ingested_file
                    (ingest_id, name, kind, fingerprint, rows_read, rows_accepted, rows_rejected)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                ingestID, file.name, file.kind, fingerprint, file.rowsRead, file.rowsAccepted, file.rowsRejected,
            ])
    }
}
