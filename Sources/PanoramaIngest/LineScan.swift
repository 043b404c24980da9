/// The fields of one line of a record file, found in place in the chunk's bytes.
struct LineScan {
    /// Index just past the line's newline (or the chunk's end).
    var next: Int
    /// Number of fields on the line (may exceed the bounds' capacity).
    var fieldCount: Int
    /// Whether the line contains a quote and must take the slow, RFC 4180 path.
    var hasQuote: Bool
    /// Whether the line has no content (skipped, not counted as a row).
    var isEmpty: Bool
}

/// Finds the field boundaries of the line at `start`, writing `[start, end)` pairs into
/// `bounds` for the first `capacity` fields, without the spaces around each value. One
/// pass over the bytes, eight at a time, with no allocation.
@inline(__always)
func scanLine(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, bounds: UnsafeMutablePointer<Int>, capacity: Int
) -> LineScan {
    var index = start
    var fieldStart = start
    var fields = 0
    var hasQuote = false
    var lineEnd = end
    let raw = UnsafeRawPointer(base)
    search: while true {
        // Eight bytes at a time: a word's commas, quotes and newlines become 0x80 bits.
        while index + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            var marks = matchingBytes(word, 0x2C2C_2C2C_2C2C_2C2C) | matchingBytes(word, 0x0A0A_0A0A_0A0A_0A0A)
                | matchingBytes(word, 0x2222_2222_2222_2222)
            while marks != 0 {
                let position = index + marks.trailingZeroBitCount >> 3
                marks &= marks - 1
                switch base[position] {
                case 0x0A:
                    lineEnd = position
                    break search
                case 0x2C:
                    if fields < capacity { storeTrimmed(base, fieldStart, position, bounds + 2 * fields) }
                    fields += 1
                    fieldStart = position + 1
                default:
                    hasQuote = true
                }
            }
            index += 8
        }
        // The last few bytes of the chunk, one at a time.
        while index < end {
            let byte = base[index]
            if byte == 0x0A {
                lineEnd = index
                break search
            }
            if byte == 0x2C {
                if fields < capacity { storeTrimmed(base, fieldStart, index, bounds + 2 * fields) }
                fields += 1
                fieldStart = index + 1
            } else if byte == 0x22 {
                hasQuote = true
            }
            index += 1
        }
        break
    }
    var contentEnd = lineEnd
    if contentEnd > fieldStart && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
    if fields < capacity { storeTrimmed(base, fieldStart, contentEnd, bounds + 2 * fields) }
    let isEmpty = fields == 0 && contentEnd == start
    return LineScan(next: lineEnd + 1, fieldCount: fields + 1, hasQuote: hasQuote, isEmpty: isEmpty)
}

/// 0x80 in each byte of `word` that equals the byte repeated in `pattern`, 0 elsewhere;
/// exact, without the false positives of the shorter "has zero byte" trick.
@inline(__always)
private func matchingBytes(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
    let x = word ^ pattern
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((x & low) &+ low) | x | low)
}

@inline(__always)
private func storeTrimmed(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ pair: UnsafeMutablePointer<Int>) {
    var start = start
    var end = end
    while start < end && base[start] == 0x20 { start += 1 }
    while end > start && base[end - 1] == 0x20 { end -= 1 }
    pair[0] = start
    pair[1] = end
}

/// Seconds since the epoch accepted in every time of the input: 2000-01-01 up to 2099-12-31.
let recordTimeRange: ClosedRange<Int64> = 946_684_800...4_102_444_799

/// One non-empty line of a record file, as the parsers receive it.
enum RecordLine {
    /// The line has the header's width and no quote: its fields lie in place.
    case fields(RecordFields)
    /// The line has a quote and must be split the slow way (`withQuotedFields`).
    case quoted(UnsafeBufferPointer<UInt8>)
    /// The line has this many fields instead of the header's.
    case wrongWidth(Int)
}

/// The fields of a well-formed record line, where they lie in the chunk.
struct RecordFields {
    let base: UnsafePointer<UInt8>
    let bounds: UnsafePointer<Int>

    /// The bytes of the field at a position in the file's column order.
    @inline(__always)
    subscript(position: Int) -> (pointer: UnsafePointer<UInt8>, count: Int) {
        (base + bounds[2 * position], bounds[2 * position + 1] - bounds[2 * position])
    }
}

/// Calls `body` with every non-empty line of a chunk and its index within the chunk, then
/// `atEnd` while the chunk's bytes are still in reach (for work deferred over a batch).
///
/// Returns the number of lines (empty ones included, for line numbering) and of rows.
@inline(__always)
func forEachRecordLine(
    in chunk: LineChunk, width: Int, _ body: (RecordLine, Int) throws -> Void, atEnd: () throws -> Void = {}
) rethrows -> (lines: Int, rows: Int) {
    var lines = 0
    var rows = 0
    try withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * width) { bounds in
        let b = bounds.baseAddress!
        try chunk.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var position = 0
            let end = buffer.count
            while position < end {
                let scan = scanLine(base, from: position, to: end, bounds: b, capacity: width)
                defer {
                    position = scan.next
                    lines += 1
                }
                if scan.isEmpty { continue }
                rows += 1
                if scan.hasQuote {
                    try body(.quoted(UnsafeBufferPointer(rebasing: buffer[position..<min(scan.next - 1, end)])), lines)
                } else if scan.fieldCount != width {
                    try body(.wrongWidth(scan.fieldCount), lines)
                } else {
                    try body(.fields(RecordFields(base: base, bounds: b)), lines)
                }
            }
            try atEnd()
        }
    }
    return (lines, rows)
}
