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
/// pass over the bytes, no allocation.
@inline(__always)
func scanLine(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, bounds: UnsafeMutablePointer<Int>, capacity: Int
) -> LineScan {
    var index = start
    var fieldStart = start
    var fields = 0
    var hasQuote = false
    while index < end {
        let byte = base[index]
        if byte == 0x0A { break }
        if byte == 0x2C {
            if fields < capacity { storeTrimmed(base, fieldStart, index, bounds + 2 * fields) }
            fields += 1
            fieldStart = index + 1
        } else if byte == 0x22 {
            hasQuote = true
        }
        index += 1
    }
    var contentEnd = index
    if contentEnd > fieldStart && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
    if fields < capacity { storeTrimmed(base, fieldStart, contentEnd, bounds + 2 * fields) }
    let isEmpty = fields == 0 && contentEnd == start
    return LineScan(next: index + 1, fieldCount: fields + 1, hasQuote: hasQuote, isEmpty: isEmpty)
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
