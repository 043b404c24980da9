/// What happened to one input file.
public struct FileReport: Sendable, Codable, Equatable {
    public var file: String
    public var kind: InputKind
    /// Data rows read (the header and empty lines are not rows).
    public var read: Int
    public var accepted: Int
    public var rejected: Int
    /// Rejected rows by reason.
    public var rejectedByReason: [RejectReason: Int]
    /// Records written to segments (a call between two subscribers counts twice).
    public var recordsWritten: Int
    /// Decompressed bytes read.
    public var bytes: Int

    public init(
        file: String, kind: InputKind, read: Int, accepted: Int, rejected: Int,
        rejectedByReason: [RejectReason: Int], recordsWritten: Int, bytes: Int
    ) {
        self.file = file
        self.kind = kind
        self.read = read
        self.accepted = accepted
        self.rejected = rejected
        self.rejectedByReason = rejectedByReason
        self.recordsWritten = recordsWritten
        self.bytes = bytes
    }
}
