/// A run of complete lines of an input file.
struct LineChunk: Sendable {
    var bytes: [UInt8]
    /// 1-based line number of the first line in `bytes`, when the chunker numbers lines;
    /// 0 when it leaves that to the parallel parsers (see `LineChunker.numbersLines`).
    var firstLine: Int
    /// Position of the chunk in the file, 0 for the first.
    var sequence: Int
}

/// Cuts a byte stream into chunks of whole lines, numbering them as it goes.
///
/// Chunks are what the parallel record parsers share out. For row-by-row loading the
/// chunker numbers lines as it cuts; for the parallel parsers it does not, because
/// counting newlines under the feed's lock would serialize the workers: they count the
/// lines of their own chunks and the numbers are resolved afterwards from the sequence.
/// Each chunk's buffer is filled by reading straight into it; only the partial line at
/// its end is copied, into the next chunk.
final class LineChunker {
    /// Longest line the chunker will grow a buffer for; a file without a newline within
    /// this many bytes (or one chunk, if larger) is not the CSV it claims to be.
    static let maximumLineLength = 1 << 20

    private var source: any ByteSource
    private let name: String
    private let chunkSize: Int
    private var carry: [UInt8] = []
    private var nextLine = 1
    private var sequence = 0
    private var ended = false
    /// Whether chunks carry their first line number.
    let numbersLines: Bool
    /// Bytes of decompressed content handed out so far.
    private(set) var contentBytes = 0

    init(source: any ByteSource, name: String, chunkSize: Int = 4 << 20, numbersLines: Bool = true) {
        self.source = source
        self.name = name
        self.chunkSize = chunkSize
        self.numbersLines = numbersLines
    }

    var consumedFileBytes: Int { source.consumedFileBytes }

    /// Lines after the header handed out so far, when the chunker numbers lines.
    var linesHandedOut: Int { max(0, nextLine - 2) }

    /// The header row, without its line ending and without a UTF-8 byte-order mark.
    func readHeader() throws(IngestError) -> [UInt8] {
        var block = try readBlock(capacity: min(64 << 10, chunkSize))
        while true {
            if let newline = block.firstIndex(of: 0x0A) {
                carry = Array(block[(newline + 1)...])
                return Self.headerLine(Array(block[..<newline]))
            }
            if ended {
                guard !block.isEmpty else { throw .emptyFile(file: name) }
                return Self.headerLine(block)
            }
            guard block.count <= Self.maximumLineLength else { throw .lineTooLong(file: name, line: 1) }
            carry = block
            block = try readBlock(capacity: block.count * 2)
        }
    }

    private static func headerLine(_ line: [UInt8]) -> [UInt8] {
        var header = line
        if header.last == 0x0D { header.removeLast() }
        if header.starts(with: [0xEF, 0xBB, 0xBF]) { header.removeFirst(3) }
        return header
    }

    /// The next chunk of whole lines, or `nil` at the end of the file.
    func next() throws(IngestError) -> LineChunk? {
        if nextLine == 1 { nextLine = 2 }
        var capacity = chunkSize
        while true {
            if ended && carry.isEmpty { return nil }
            var bytes = try readBlock(capacity: max(capacity, carry.count + 1))
            if bytes.isEmpty { return nil }
            if let lastNewline = Self.lastNewline(in: bytes) {
                carry = Array(bytes[(lastNewline + 1)...])
                bytes.removeSubrange((lastNewline + 1)...)
            } else if !ended {
                guard bytes.count <= Self.maximumLineLength else { throw .lineTooLong(file: name, line: nextLine) }
                carry = bytes
                capacity = bytes.count * 2
                continue
            }
            let chunk = LineChunk(bytes: bytes, firstLine: numbersLines ? nextLine : 0, sequence: sequence)
            sequence += 1
            if numbersLines { nextLine += Self.countNewlines(bytes) + (bytes.last == 0x0A ? 0 : 1) }
            contentBytes += bytes.count
            return chunk
        }
    }

    /// The carried-over bytes followed by as much of the source as fits in `capacity`.
    private func readBlock(capacity: Int) throws(IngestError) -> [UInt8] {
        var failure: IngestError?
        let block = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            let carried = carry.count
            carry.withUnsafeBufferPointer { carried in
                _ = buffer.initialize(fromContentsOf: carried)
            }
            count = carried
            while count < capacity && !ended {
                do throws(IngestError) {
                    let read = try source.read(
                        into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[count...])))
                    if read == 0 { ended = true }
                    count += read
                } catch {
                    failure = error
                    return
                }
            }
        }
        carry = []
        if let failure { throw failure }
        return block
    }

    private static func lastNewline(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = buffer.count - 1
            while index >= 0 {
                if buffer[index] == 0x0A { return index }
                index -= 1
            }
            return nil
        }
    }

    static func countNewlines(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            for byte in buffer where byte == 0x0A { count += 1 }
            return count
        }
    }
}
