/// A run of complete lines of an input file, with the number of its first line.
struct LineChunk: Sendable {
    var bytes: [UInt8]
    /// 1-based line number of the first line in `bytes`.
    var firstLine: Int
}

/// Cuts a byte stream into chunks of whole lines, numbering them as it goes.
///
/// Chunks are what the parallel record parsers share out; because the chunker counts
/// newlines as it cuts, every worker knows the exact line number of every row it rejects.
final class LineChunker {
    /// Longest line accepted; a longer one means the file is not the CSV it claims to be.
    static let maximumLineLength = 1 << 20

    private var source: any ByteSource
    private let name: String
    private let chunkSize: Int
    private var carry: [UInt8] = []
    private var nextLine = 1
    private var ended = false
    /// Bytes of decompressed content handed out so far.
    private(set) var contentBytes = 0

    init(source: any ByteSource, name: String, chunkSize: Int = 4 << 20) {
        self.source = source
        self.name = name
        self.chunkSize = chunkSize
    }

    var consumedFileBytes: Int { source.consumedFileBytes }

    /// The header row, without its line ending and without a UTF-8 byte-order mark.
    func readHeader() throws(IngestError) -> [UInt8] {
        while true {
            if let newline = carry.firstIndex(of: 0x0A) {
                var header = Array(carry[..<newline])
                carry.removeSubrange(...newline)
                if header.last == 0x0D { header.removeLast() }
                if header.starts(with: [0xEF, 0xBB, 0xBF]) { header.removeFirst(3) }
                nextLine = 2
                return header
            }
            if ended {
                guard !carry.isEmpty else { throw .emptyFile(file: name) }
                var header = carry
                carry = []
                if header.starts(with: [0xEF, 0xBB, 0xBF]) { header.removeFirst(3) }
                nextLine = 2
                return header
            }
            guard carry.count <= Self.maximumLineLength else { throw .lineTooLong(file: name, line: 1) }
            try fill(minimum: 64 << 10)
        }
    }

    /// The next chunk of whole lines, or `nil` at the end of the file.
    func next() throws(IngestError) -> LineChunk? {
        while true {
            if carry.count >= chunkSize || ended {
                if carry.isEmpty { return nil }
                let cut: Int
                if let lastNewline = carry.lastIndex(of: 0x0A) {
                    cut = lastNewline + 1
                } else if ended {
                    cut = carry.count
                } else {
                    guard carry.count <= Self.maximumLineLength + chunkSize else {
                        throw .lineTooLong(file: name, line: nextLine)
                    }
                    try fill(minimum: chunkSize)
                    continue
                }
                var bytes = Array(carry[cut...])
                swap(&bytes, &carry)
                bytes.removeLast(bytes.count - cut)
                let chunk = LineChunk(bytes: bytes, firstLine: nextLine)
                nextLine += Self.countNewlines(bytes) + (bytes.last == 0x0A ? 0 : 1)
                contentBytes += bytes.count
                return chunk
            }
            try fill(minimum: chunkSize - carry.count)
        }
    }

    private func fill(minimum: Int) throws(IngestError) {
        let start = carry.count
        carry.reserveCapacity(start + max(minimum, 64 << 10))
        var appended = 0
        while appended < minimum && !ended {
            let want = max(minimum - appended, 64 << 10)
            let offset = carry.count
            carry.append(contentsOf: repeatElement(0, count: want))
            let count = try carry.withUnsafeMutableBytes { raw in
                Result { () throws(IngestError) in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[offset...]))
                }
            }.get()
            carry.removeLast(want - count)
            appended += count
            if count == 0 { ended = true }
        }
    }

    static func countNewlines(_ bytes: [UInt8]) -> Int {
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer where byte == 0x0A { count += 1 }
        }
        return count
    }
}
