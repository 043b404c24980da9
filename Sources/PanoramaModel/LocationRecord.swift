/// One network observation of a subscriber in a cell (信令), in its compact form.
///
/// Location records arrive by the billion, so after ingest they are twelve bytes each:
/// dense integer indexes instead of identifiers, and epoch seconds that fit in 32 bits
/// until 2106. The engine streams them as arrays of this struct.
@frozen
public struct LocationRecord: Hashable, Sendable {
    /// Dense index of the subscriber in the workspace.
    public var subscriber: UInt32
    /// Seconds since 1970-01-01T00:00:00Z.
    public var time: UInt32
    /// Dense index of the cell in the workspace.
    public var cell: UInt32

    @inlinable
    public init(subscriber: UInt32, time: UInt32, cell: UInt32) {
        self.subscriber = subscriber
        self.time = time
        self.cell = cell
    }
}
