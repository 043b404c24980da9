/// Splits one CSV line into its fields, following RFC 4180 quoting.
///
/// Used for the reference and customer files, where a row becomes a handful of Strings
/// anyway, and as the fallback of the record parsers for the rare quoted line.
enum CSVLine {
    /// The fields of `line` (without its line ending); `nil` if a quoted field is not closed.
    static func fields(_ line: UnsafeBufferPointer<UInt8>) -> [String]? {
        var fields: [String] = []
        var index = 0
        let count = line.count
        while true {
            if index < count && line[index] == 0x22 {
                var value: [UInt8] = []
                index += 1
                var closed = false
                while index < count {
                    let byte = line[index]
                    if byte == 0x22 {
                        if index + 1 < count && line[index + 1] == 0x22 {
                            value.append(0x22)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    value.append(byte)
                    index += 1
                }
                guard closed, index == count || line[index] == 0x2C else { return nil }
                fields.append(String(decoding: value, as: UTF8.self))
            } else {
                let start = index
                while index < count && line[index] != 0x2C { index += 1 }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: line[start..<index]), as: UTF8.self))
            }
            if index >= count { return fields }
            index += 1
            if index == count {
                fields.append("")
                return fields
            }
        }
    }

    /// Calls `body` with each non-empty line of a chunk and its line number, without the
    /// line ending (`\n` or `\r\n`).
    static func forEachLine(
        in chunk: LineChunk, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) rethrows {
        try chunk.withUnsafeBytes { buffer in
            var start = 0
            var line = chunk.firstLine
            let count = buffer.count
            while start < count {
                var end = start
                while end < count && buffer[end] != 0x0A { end += 1 }
                var contentEnd = end
                if contentEnd > start && buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if contentEnd > start {
                    try body(UnsafeBufferPointer(rebasing: buffer[start..<contentEnd]), line)
                }
                line += 1
                start = end + 1
            }
        }
    }
}
