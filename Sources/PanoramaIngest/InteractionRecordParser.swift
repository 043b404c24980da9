import PanoramaModel
import PanoramaStore

/// Turns the lines of an interactions file into `InteractionRecord`s, by bytes.
///
/// A row becomes one record per subscriber party; a party that is not a subscriber is an
/// external party and gets its own dense index from the shared registry.
struct InteractionRecordParser: RecordLineParser {
    let subscribers: ByteKeyTable
    let externals: ExternalPartyRegistry
    let timestamps: TimestampParser
    let map: ColumnMap
    /// This worker's cache of external numbers already resolved.
    private var externalCache = ByteKeyTable(expectedCount: 4096)

    init(subscribers: ByteKeyTable, externals: ExternalPartyRegistry, timestamps: TimestampParser, map: ColumnMap) {
        self.subscribers = subscribers
        self.externals = externals
        self.timestamps = timestamps
        self.map = map
    }

    private typealias Field = (pointer: UnsafePointer<UInt8>, count: Int)

    /// The index of a party that is not a subscriber, flagged as external.
    private mutating func externalParty(_ field: Field) -> UInt32 {
        if let index = externalCache.lookup(field.pointer, field.count) {
            return index | InteractionRecord.externalPartyFlag
        }
        let buffer = UnsafeBufferPointer(start: field.pointer, count: field.count)
        let index = externals.index(of: buffer)
        externalCache.insert(buffer, value: index)
        return index | InteractionRecord.externalPartyFlag
    }

    private mutating func records(
        caller: Field, callee: Field, time: Field, kind: Field, duration: Field
    ) -> Result<(InteractionRecord?, InteractionRecord?), RowRejection> {
        for (name, field) in [("caller", caller), ("callee", callee)] {
            guard field.count > 0 else { return .failure(RowRejection(.missingValue, "\(name) is empty")) }
            guard SubscriberNumber.isValid(field.pointer, field.count) else {
                return .failure(
                    RowRejection(
                        .invalidSubscriberNumber, "\(name) number \(SubscriberNumber.problem(field.pointer, field.count))"))
            }
        }
        guard let seconds = timestamps.parse(time.pointer, time.count), recordTimeRange.contains(seconds) else {
            return .failure(LocationRecordParser.timeRejection(time.pointer, time.count))
        }
        let interactionKind: InteractionKind
        if kind.count == 0 {
            return .failure(RowRejection(.missingValue, "kind is empty"))
        } else if Self.equals(kind, "voice") {
            interactionKind = .voice
        } else if Self.equals(kind, "sms") {
            interactionKind = .sms
        } else {
            let text = String(decoding: UnsafeBufferPointer(start: kind.pointer, count: min(kind.count, 32)), as: UTF8.self)
            return .failure(RowRejection(.invalidValue, "kind '\(text)' is not one of: voice, sms"))
        }
        let seconds32 = UInt32(seconds)
        guard duration.count > 0 else { return .failure(RowRejection(.missingValue, "duration_s is empty")) }
        guard let parsedDuration = Self.duration(duration) else {
            let text = String(
                decoding: UnsafeBufferPointer(start: duration.pointer, count: min(duration.count, 32)), as: UTF8.self)
            if text.hasPrefix("-"), Int(text) != nil {
                return .failure(RowRejection(.negativeDuration, "duration_s \(text) is negative"))
            }
            return .failure(RowRejection(.invalidNumber, "duration_s '\(text)' is not a whole number of seconds"))
        }
        guard parsedDuration <= InteractionRecord.maximumDuration else {
            return .failure(RowRejection(.invalidNumber, "duration_s \(parsedDuration) is longer than 194 days"))
        }
        guard !(caller.count == callee.count && memcmpEqual(caller.pointer, callee.pointer, caller.count)) else {
            return .failure(RowRejection(.invalidValue, "caller and callee are the same number"))
        }
        let callerSubscriber = subscribers.lookup(caller.pointer, caller.count)
        let calleeSubscriber = subscribers.lookup(callee.pointer, callee.count)
        guard callerSubscriber != nil || calleeSubscriber != nil else {
            return .failure(
                RowRejection(
                    .undefinedSubscriber,
                    "neither \(SubscriberNumber.masked(caller.pointer, caller.count)) nor \(SubscriberNumber.masked(callee.pointer, callee.count)) is a known subscriber"
                ))
        }
        let from = callerSubscriber ?? externalParty(caller)
        let to = calleeSubscriber ?? externalParty(callee)
        let outgoing = callerSubscriber.map {
            InteractionRecord(
                owner: $0, other: to, time: seconds32, kind: interactionKind, outgoing: true, duration: parsedDuration)
        }
        let incoming = calleeSubscriber.map {
            InteractionRecord(
                owner: $0, other: from, time: seconds32, kind: interactionKind, outgoing: false, duration: parsedDuration)
        }
        return .success((outgoing, incoming))
    }

    /// Parses every line of a chunk, appending records to `writer` and rejections to `rejects`
    /// (with line indexes relative to the chunk).
    mutating func parse(
        _ chunk: LineChunk, into writer: PartitionedSegmentWriter<InteractionRecord>, rejects: inout RejectLog
    ) throws -> RecordCounts {
        var accepted = 0
        var written = 0
        let width = map.width
        let columns = map.positions
        let (lines, rows) = try forEachRecordLine(in: chunk, width: width) { line, index in
            let result: Result<(InteractionRecord?, InteractionRecord?), RowRejection>
            switch line {
            case .quoted(let text):
                result = slowPath(text)
            case .wrongWidth(let found):
                result = .failure(LocationRecordParser.columnCountRejection(found, width))
            case .fields(let fields):
                result = records(
                    caller: fields[columns[0]], callee: fields[columns[1]], time: fields[columns[2]],
                    kind: fields[columns[3]], duration: fields[columns[4]])
            }
            switch result {
            case .success(let (outgoing, incoming)):
                if let outgoing {
                    try writer.append(outgoing)
                    written += 1
                }
                if let incoming {
                    try writer.append(incoming)
                    written += 1
                }
                accepted += 1
            case .failure(let rejection):
                rejects.add(line: index, chunk: chunk.sequence, rejection)
            }
        }
        return RecordCounts(lines: lines, read: rows, accepted: accepted, written: written)
    }

    private mutating func slowPath(
        _ line: UnsafeBufferPointer<UInt8>
    ) -> Result<(InteractionRecord?, InteractionRecord?), RowRejection> {
        withQuotedFields(line, map: map) { fields in
            records(caller: fields[0], callee: fields[1], time: fields[2], kind: fields[3], duration: fields[4])
        }
    }

    private static func equals(_ field: Field, _ text: StaticString) -> Bool {
        field.count == text.utf8CodeUnitCount && memcmpEqual(field.pointer, text.utf8Start, field.count)
    }

    /// Whole seconds ≥ 0; `nil` for anything else (including a negative number).
    private static func duration(_ field: Field) -> UInt32? {
        guard field.count > 0, field.count <= 9 else { return nil }
        var value: UInt32 = 0
        for i in 0..<field.count {
            let digit = field.pointer[i] &- 0x30
            guard digit <= 9 else { return nil }
            value = value * 10 + UInt32(digit)
        }
        return value
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}
