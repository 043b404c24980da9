import Foundation

/// A run of complete lines of an input file: bytes of its own, or a range of a mapped file.
struct LineChunk: Sendable {
    private enum Storage: Sendable {
        case owned([UInt8])
        case mapped(MappedFile, Range<Int>)
    }

    private let storage: Storage
    /// 1-based line number of the first line, when the chunker numbers lines; 0 when it
    /// leaves that to the parallel parsers (see `LineChunker.numbersLines`).
    let firstLine: Int
    /// Position of the chunk in the file, 0 for the first.
    let sequence: Int

    init(bytes: [UInt8], firstLine: Int, sequence: Int) {
        storage = .owned(bytes)
        self.firstLine = firstLine
        self.sequence = sequence
    }

    init(file: MappedFile, range: Range<Int>, firstLine: Int, sequence: Int) {
        storage = .mapped(file, range)
        self.firstLine = firstLine
        self.sequence = sequence
    }

    /// The chunk's place in a mapped file, or `nil` for owned bytes.
    var mappedRange: Range<Int>? {
        if case .mapped(_, let range) = storage { return range }
        return nil
    }

    /// Calls `body` with the chunk's bytes.
    func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch storage {
        case .owned(let bytes):
            return try bytes.withUnsafeBufferPointer(body)
        case .mapped(let file, let range):
            return try body(UnsafeBufferPointer(start: file.base.map { $0 + range.lowerBound }, count: range.count))
        }
    }
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
    /// The file itself, when it is plain text: chunks are then ranges of it, not copies.
    private let mapped: MappedFile?
    private var mappedPosition = 0
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
        self.mapped = nil
        self.name = name
        self.chunkSize = chunkSize
        self.numbersLines = numbersLines
    }

    /// Reads `url`, mapping it when it is plain text and inflating it when it is gzip.
    convenience init(url: URL, name: String, chunkSize: Int = 4 << 20, numbersLines: Bool = true) throws(IngestError) {
        if name.hasSuffix(".gz") {
            self.init(
                source: try openByteSource(url, name: name), name: name, chunkSize: chunkSize,
                numbersLines: numbersLines)
        } else {
            self.init(mapped: try MappedFile(url: url, name: name), name: name, chunkSize: chunkSize, numbersLines: numbersLines)
        }
    }

    private init(mapped: MappedFile, name: String, chunkSize: Int, numbersLines: Bool) {
        source = EmptySource()
        self.mapped = mapped
        self.name = name
        self.chunkSize = chunkSize
        self.numbersLines = numbersLines
    }

    var consumedFileBytes: Int { mapped == nil ? source.consumedFileBytes : mappedPosition }

    /// Drops a parsed range of a mapped file from memory.
    func discardMapped(_ range: Range<Int>) {
        mapped?.discard(range)
    }

    /// Lines after the header handed out so far, when the chunker numbers lines.
    var linesHandedOut: Int { max(0, nextLine - 2) }

    /// The header row, without its line ending and without a UTF-8 byte-order mark.
    func readHeader() throws(IngestError) -> [UInt8] {
        if let mapped { return try readMappedHeader(mapped) }
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
        if let mapped { return try nextMapped(mapped) }
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
            if numbersLines {
                nextLine += bytes.withUnsafeBufferPointer(Self.countNewlines) + (bytes.last == 0x0A ? 0 : 1)
            }
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

    private func readMappedHeader(_ file: MappedFile) throws(IngestError) -> [UInt8] {
        guard let base = file.base else { throw .emptyFile(file: name) }
        let bytes = UnsafeBufferPointer(start: base, count: file.count)
        let limit = min(file.count, Self.maximumLineLength)
        guard let newline = bytes[..<limit].firstIndex(of: 0x0A) else {
            guard file.count <= Self.maximumLineLength else { throw .lineTooLong(file: name, line: 1) }
            mappedPosition = file.count
            return Self.headerLine(Array(bytes))
        }
        mappedPosition = newline + 1
        return Self.headerLine(Array(bytes[..<newline]))
    }

    private func nextMapped(_ file: MappedFile) throws(IngestError) -> LineChunk? {
        guard let base = file.base, mappedPosition < file.count else { return nil }
        var cut = min(mappedPosition + chunkSize, file.count)
        if cut < file.count {
            // End the chunk after the last newline before the cut, or else after the first one
            // beyond it, for a line longer than a chunk.
            var index = cut - 1
            while index >= mappedPosition && base[index] != 0x0A { index -= 1 }
            if index >= mappedPosition {
                cut = index + 1
            } else {
                let limit = min(file.count, cut + Self.maximumLineLength)
                var forward = cut
                while forward < limit && base[forward] != 0x0A { forward += 1 }
                guard forward < limit || limit == file.count else { throw .lineTooLong(file: name, line: nextLine) }
                cut = min(forward + 1, file.count)
            }
        }
        let range = mappedPosition..<cut
        mappedPosition = cut
        let chunk = LineChunk(file: file, range: range, firstLine: numbersLines ? nextLine : 0, sequence: sequence)
        sequence += 1
        if numbersLines {
            nextLine += chunk.withUnsafeBytes(Self.countNewlines) + (base[cut - 1] == 0x0A ? 0 : 1)
        }
        contentBytes += range.count
        return chunk
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

    static func countNewlines(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in buffer where byte == 0x0A { count += 1 }
        return count
    }
}

/// The byte source of a chunker that reads a mapped file instead.
private struct EmptySource: ByteSource {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int { 0 }
    var consumedFileBytes: Int { 0 }
}
