import PanoramaModel

/// Reads times as the data contracts allow them, straight from bytes.
///
/// Accepted: epoch seconds (`1793491200`), or ISO-8601 date-time with `T` or a space,
/// optional fractional seconds, and an offset `Z`, `+08:00`, `+0800` or `+08`. A time
/// without offset is read in the workspace's UTC offset. Everything else is refused:
/// guessing a format is how a month of records ends up eight hours off.
struct TimestampParser: Sendable {
    let defaultOffsetSeconds: Int

    /// Seconds since the Unix epoch, or `nil` if the text is not a valid time.
    @inline(__always)
    func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n > 0 else { return nil }
        if n <= 12 {
            var value: Int64 = 0
            var allDigits = true
            for i in 0..<n {
                let digit = p[i] &- 0x30
                if digit > 9 {
                    allDigits = false
                    break
                }
                value = value * 10 + Int64(digit)
            }
            if allDigits { return value }
        }
        var ignored = DateCache()
        return parseDateTime(p, n, cache: &ignored)
    }

    /// The day number of the last date read, so that a run of records from one day parses
    /// its date once.
    struct DateCache {
        fileprivate var dateBytes: (UInt64, UInt16) = (0, 0)
        fileprivate var days = 0
        fileprivate var valid = false
    }

    /// Like `parse`, reusing the day of the previous call when the date is the same.
    @inline(__always)
    func parse(_ p: UnsafePointer<UInt8>, _ n: Int, cache: inout DateCache) -> Int64? {
        if n < 19 { return parse(p, n) }
        return parseDateTime(p, n, cache: &cache)
    }

    @inline(__always)
    private func parseDateTime(_ p: UnsafePointer<UInt8>, _ n: Int, cache: inout DateCache) -> Int64? {
        guard n >= 19 else { return nil }
        @inline(__always) func two(_ i: Int) -> Int? {
            let a = p[i] &- 0x30
            let b = p[i + 1] &- 0x30
            guard a <= 9, b <= 9 else { return nil }
            return Int(a) * 10 + Int(b)
        }
        let raw = UnsafeRawPointer(p)
        let dateBytes = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        let days: Int
        if cache.valid && cache.dateBytes == dateBytes {
            days = cache.days
        } else {
            guard let y1 = two(0), let y2 = two(2), p[4] == 0x2D, let month = two(5), p[7] == 0x2D,
                let day = two(8)
            else { return nil }
            let year = y1 * 100 + y2
            guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
                return nil
            }
            days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
            cache = DateCache(dateBytes: dateBytes, days: days, valid: true)
        }
        guard p[10] == 0x54 || p[10] == 0x20, let hour = two(11), p[13] == 0x3A, let minute = two(14),
            p[16] == 0x3A, let second = two(17), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        if index < n && p[index] == 0x2E {
            index += 1
            let fractionStart = index
            while index < n && p[index] &- 0x30 <= 9 { index += 1 }
            guard index > fractionStart else { return nil }
        }
        var offset = defaultOffsetSeconds
        if index < n {
            let sign = p[index]
            if sign == 0x5A && index + 1 == n {
                offset = 0
            } else if sign == 0x2B || sign == 0x2D {
                let rest = n - index - 1
                guard let offsetHours = two(index + 1), offsetHours <= 14 else { return nil }
                var offsetMinutes = 0
                if rest == 5 && p[index + 3] == 0x3A, let minutes = two(index + 4) {
                    offsetMinutes = minutes
                } else if rest == 4, let minutes = two(index + 3) {
                    offsetMinutes = minutes
                } else if rest != 2 {
                    return nil
                }
                guard offsetMinutes < 60 else { return nil }
                offset = (offsetHours * 3600 + offsetMinutes * 60) * (sign == 0x2D ? -1 : 1)
            } else {
                return nil
            }
        }
        return Int64(days * 86400 + hour * 3600 + minute * 60 + second - offset)
    }

    /// The rejection of a value that is not a time the contracts accept, the same in every file.
    static func rejection(column: String, text: String) -> RowRejection {
        RowRejection(
            .invalidTimestamp,
            "\(column) '\(text)' is not a time between 2000 and 2099 written as ISO-8601 (2026-11-01T08:30:00+08:00) or epoch seconds")
    }

    func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return parse(base, buffer.count)
        }
    }
}
