import PanoramaModel
import PanoramaStore

/// Turns the lines of a locations file into `LocationRecord`s, by bytes.
///
/// Per row: three field boundaries, one timestamp parse, two hash lookups — no String,
/// no dictionary. Rows are checked against the contract and rejected with a reason.
struct LocationRecordParser: RecordLineParser {
    let subscribers: ByteKeyTable
    let cells: ByteKeyTable
    let timestamps: TimestampParser
    let map: ColumnMap

    private var subscriberColumn: Int { map.positions[0] }
    private var timeColumn: Int { map.positions[1] }
    private var cellColumn: Int { map.positions[2] }

    init(subscribers: ByteKeyTable, cells: ByteKeyTable, timestamps: TimestampParser, map: ColumnMap) {
        self.subscribers = subscribers
        self.cells = cells
        self.timestamps = timestamps
        self.map = map
    }

    /// Validates one row's three fields and returns the record, or `nil` if the row is bad.
    ///
    /// The fast path carries no reason: `rejection` works it out for the few rows refused,
    /// so an accepted row never builds or moves a message.
    @inline(__always)
    func record(
        subscriber: UnsafePointer<UInt8>, _ subscriberLength: Int, time: UnsafePointer<UInt8>, _ timeLength: Int,
        cell: UnsafePointer<UInt8>, _ cellLength: Int, dates: inout TimestampParser.DateCache
    ) -> LocationRecord? {
        guard let subscriberIndex = subscribers.lookup(subscriber, subscriberLength),
            let seconds = timestamps.parse(time, timeLength, cache: &dates), recordTimeRange.contains(seconds),
            let cellIndex = cells.lookup(cell, cellLength)
        else { return nil }
        return LocationRecord(subscriber: subscriberIndex, time: UInt32(seconds), cell: cellIndex)
    }

    /// Why `record` refused a row, checking the fields again in the same order.
    func rejection(
        subscriber: UnsafePointer<UInt8>, _ subscriberLength: Int, time: UnsafePointer<UInt8>, _ timeLength: Int,
        cell: UnsafePointer<UInt8>, _ cellLength: Int
    ) -> RowRejection {
        if subscribers.lookup(subscriber, subscriberLength) == nil {
            return Self.subscriberRejection(subscriber, subscriberLength)
        }
        guard let seconds = timestamps.parse(time, timeLength), recordTimeRange.contains(seconds) else {
            return Self.timeRejection(time, timeLength)
        }
        let id = String(decoding: UnsafeBufferPointer(start: cell, count: min(cellLength, 64)), as: UTF8.self)
        return id.isEmpty
            ? RowRejection(.missingValue, "cell is empty") : RowRejection(.unknownCell, "cell \(id) is not a known cell")
    }

    /// `record`, or the reason there is none.
    private func validated(
        _ row: PendingRow, dates: inout TimestampParser.DateCache
    ) -> Result<LocationRecord, RowRejection> {
        if let record = record(
            subscriber: row.subscriber, row.subscriberLength, time: row.time, row.timeLength, cell: row.cell,
            row.cellLength, dates: &dates)
        {
            return .success(record)
        }
        return .failure(
            rejection(
                subscriber: row.subscriber, row.subscriberLength, time: row.time, row.timeLength, cell: row.cell,
                row.cellLength))
    }

    /// A well-formed line waiting for its lookups: the three fields and the line index.
    private struct PendingRow {
        var subscriber: UnsafePointer<UInt8>
        var subscriberLength: Int
        var time: UnsafePointer<UInt8>
        var timeLength: Int
        var cell: UnsafePointer<UInt8>
        var cellLength: Int
        var line: Int
    }

    /// Rows scanned ahead of their lookups. Their subscriber and cell slots are prefetched as
    /// they are scanned, so that a batch's cache misses overlap instead of following each other.
    private static let batchSize = 16

    /// Parses every line of a chunk, appending records to `writer` and rejections to `rejects`
    /// (with line indexes relative to the chunk).
    func parse(
        _ chunk: LineChunk, into writer: PartitionedSegmentWriter<LocationRecord>, rejects: inout RejectLog
    ) throws -> RecordCounts {
        var read = 0
        var accepted = 0
        var lines = 0
        let width = map.width
        let s = subscriberColumn
        let t = timeColumn
        let c = cellColumn
        func finish(_ result: Result<LocationRecord, RowRejection>, line: Int) throws {
            switch result {
            case .success(let record):
                try writer.append(record)
                accepted += 1
            case .failure(let rejection):
                rejects.add(line: line, chunk: chunk.sequence, rejection)
            }
        }
        var dates = TimestampParser.DateCache()
        try withUnsafeTemporaryAllocation(of: PendingRow.self, capacity: Self.batchSize) { pending in
            var waiting = 0
            func drain() throws {
                for index in 0..<waiting {
                    let row = pending[index]
                    if let record = record(
                        subscriber: row.subscriber, row.subscriberLength, time: row.time, row.timeLength,
                        cell: row.cell, row.cellLength, dates: &dates)
                    {
                        try writer.append(record)
                        accepted += 1
                    } else {
                        rejects.add(
                            line: row.line, chunk: chunk.sequence,
                            rejection(
                                subscriber: row.subscriber, row.subscriberLength, time: row.time, row.timeLength,
                                cell: row.cell, row.cellLength))
                    }
                }
                waiting = 0
            }
            let counts = try forEachRecordLine(in: chunk, width: width, { line, index in
                switch line {
                case .quoted(let text):
                    try finish(slowPath(text, dates: &dates), line: index)
                case .wrongWidth(let found):
                    try finish(.failure(Self.columnCountRejection(found, width)), line: index)
                case .fields(let fields):
                    let subscriber = fields[s]
                    let time = fields[t]
                    let cell = fields[c]
                    subscribers.prefetch(subscriber.pointer, subscriber.count)
                    cells.prefetch(cell.pointer, cell.count)
                    pending[waiting] = PendingRow(
                        subscriber: subscriber.pointer, subscriberLength: subscriber.count, time: time.pointer,
                        timeLength: time.count, cell: cell.pointer, cellLength: cell.count, line: index)
                    waiting += 1
                    if waiting == Self.batchSize { try drain() }
                }
            }, atEnd: drain)
            lines = counts.lines
            read = counts.rows
        }
        return RecordCounts(lines: lines, read: read, accepted: accepted, written: accepted)
    }

    private func slowPath(
        _ line: UnsafeBufferPointer<UInt8>, dates: inout TimestampParser.DateCache
    ) -> Result<LocationRecord, RowRejection> {
        withQuotedFields(line, map: map) { fields in
            validated(
                PendingRow(
                    subscriber: fields[0].pointer, subscriberLength: fields[0].count, time: fields[1].pointer,
                    timeLength: fields[1].count, cell: fields[2].pointer, cellLength: fields[2].count, line: 0),
                dates: &dates)
        }
    }

    static func columnCountRejection(_ found: Int, _ expected: Int) -> RowRejection {
        RowRejection(.wrongColumnCount, "\(found) columns where the header has \(expected)")
    }

    static func subscriberRejection(_ p: UnsafePointer<UInt8>, _ n: Int) -> RowRejection {
        guard n > 0 else { return RowRejection(.missingValue, "subscriber is empty") }
        guard SubscriberNumber.isValid(p, n) else {
            return RowRejection(.invalidSubscriberNumber, "subscriber number \(SubscriberNumber.problem(p, n))")
        }
        return RowRejection(
            .undefinedSubscriber, "subscriber \(SubscriberNumber.masked(p, n)) is not a known subscriber")
    }

    static func timeRejection(_ p: UnsafePointer<UInt8>, _ n: Int) -> RowRejection {
        let text = String(decoding: UnsafeBufferPointer(start: p, count: min(n, 64)), as: UTF8.self)
        if text.isEmpty { return RowRejection(.missingValue, "time is empty") }
        return TimestampParser.rejection(column: "time", text: text)
    }
}

/// Splits a quoted line the slow way and calls `body` with its fields in contract order,
/// as pointers into one contiguous copy.
func withQuotedFields<Record>(
    _ line: UnsafeBufferPointer<UInt8>, map: ColumnMap,
    _ body: ([(pointer: UnsafePointer<UInt8>, count: Int)]) -> Result<Record, RowRejection>
) -> Result<Record, RowRejection> {
    var content = line
    if content.last == 0x0D { content = UnsafeBufferPointer(rebasing: content.dropLast()) }
    guard let fields = CSVLine.fields(content) else {
        return .failure(RowRejection(.unclosedQuote, "a quoted field is not closed"))
    }
    guard fields.count == map.width else {
        return .failure(LocationRecordParser.columnCountRejection(fields.count, map.width))
    }
    var bytes: [UInt8] = []
    var ranges: [Range<Int>] = []
    for position in map.positions {
        let start = bytes.count
        bytes.append(contentsOf: fields[position].utf8)
        ranges.append(start..<bytes.count)
    }
    bytes.append(0)
    return bytes.withUnsafeBufferPointer { buffer in
        body(ranges.map { (buffer.baseAddress! + $0.lowerBound, $0.count) })
    }
}
