import PanoramaModel

/// A subscriber staying in one cell: consecutive records there, with ping-pong to a
/// neighbouring cell folded in.
///
/// Records only sample a stay, so it has two lengths: `end - start`, the time its own
/// records span (a lower bound: a passage through a station has one record and lasts
/// zero), and `reach - start`, up to the next stay's first record but no more than the
/// catalog's record hold after the last one (an upper bound: the subscriber was last seen
/// here until then).
public struct Stay: Sendable, Equatable {
    public var cell: Int32
    /// Epoch seconds of the first and last record, and the end of the upper-bound span.
    public var start: UInt32
    public var end: UInt32
    public var reach: UInt32
    public var records: Int32
    /// The neighbouring cell the stay last ping-ponged to, or -1.
    public var partner: Int32

    public init(cell: Int32, start: UInt32, end: UInt32, reach: UInt32, records: Int32, partner: Int32 = -1) {
        self.cell = cell
        self.partner = partner
        self.start = start
        self.end = end
        self.reach = reach
        self.records = records
    }

    /// Seconds covered by the stay's own records.
    @inlinable public var dwell: Int { Int(end) - Int(start) }
    /// Seconds the stay may have lasted.
    @inlinable public var span: Int { Int(reach) - Int(start) }
}

/// Turns one subscriber-day of time-ordered records into stays.
public enum StayDetector {
    /// Appends the stays of `records` (time-ordered, all on one local day ending at `dayEnd`)
    /// to `stays`.
    ///
    /// A record in another cell within `pingPongMeters` that is followed by a return to the
    /// stay's cell is ping-pong between neighbouring cells, not a move: the stay goes on.
    /// A record elsewhere that is not followed by a return starts a new stay, however short.
    public static func detect(
        _ records: UnsafeBufferPointer<LocationRecord>, dayEnd: UInt32, holdSeconds: UInt32, pingPongMeters: Double,
        reference: ReferenceIndex, into stays: inout [Stay]
    ) {
        let count = records.count
        let limit = pingPongMeters * pingPongMeters
        var index = 0
        while index < count {
            let cell = records[index].cell
            let start = records[index].time
            var end = start
            var recordCount: Int32 = 1
            var partner: Int32 = -1
            var next = index + 1
            while next < count {
                let other = records[next].cell
                if other == cell {
                    end = records[next].time
                    recordCount += 1
                    next += 1
                } else if next + 1 < count, records[next + 1].cell == cell,
                    reference.distanceSquared(Int(other), Int(cell)) <= limit
                {
                    end = records[next + 1].time
                    partner = Int32(other)
                    recordCount += 2
                    next += 2
                } else {
                    break
                }
            }
            let following = next < count ? records[next].time : dayEnd
            let reach = min(following, end &+ holdSeconds, dayEnd)
            stays.append(Stay(cell: Int32(cell), start: start, end: end, reach: max(reach, end), records: recordCount, partner: partner))
            index = next
        }
    }
}
