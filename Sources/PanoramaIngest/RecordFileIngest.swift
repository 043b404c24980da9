import Foundation
import PanoramaModel
import PanoramaStore

/// A parser of one record volume's lines; each worker parses with its own copy.
protocol RecordLineParser: Sendable {
    associatedtype Record: SegmentRecord
    /// Parses every line of a chunk into `writer`, rejections into `rejects` with line
    /// indexes relative to the chunk.
    mutating func parse(
        _ chunk: LineChunk, into writer: PartitionedSegmentWriter<Record>, rejects: inout RejectLog
    ) throws -> RecordCounts
}

/// Lines seen and rows read in a chunk, rows accepted, and records written (a call
/// between subscribers writes two).
struct RecordCounts: Sendable {
    var lines = 0
    var read = 0
    var accepted = 0
    var written = 0
}

/// Worker-owned segment writers, handed to the worker threads.
///
/// `@unchecked Sendable`: worker `i` touches only `writers[i]`, and the calling thread
/// uses them again only after every worker has returned.
struct WorkerWriters<Record: SegmentRecord>: @unchecked Sendable {
    let writers: [PartitionedSegmentWriter<Record>]
}

/// What one worker did with its share of a record file.
struct WorkerOutcome: Sendable {
    var counts = RecordCounts()
    var rejects = RejectLog()
    /// Lines in each chunk this worker parsed, by chunk sequence.
    var chunkLines: [(sequence: Int, lines: Int)] = []
}

/// Loads one locations or interactions file: parallel byte parsing into segments.
enum RecordFileIngest {
    static func run(
        file: InputFile, context: IngestContext, externals: ExternalPartyRegistry, workers: Int,
        progress: any IngestProgress
    ) throws -> (report: FileReport, rejects: RejectLog) {
        let chunker = try LineChunker(url: file.url, name: file.name, numbersLines: false)
        let map = try ColumnMap(headerLine: chunker.readHeader(), kind: file.kind, file: file.name)
        let subscribers = try context.subscribers()
        let feed = ChunkFeed(chunker: chunker, progress: FileProgress(sink: progress, file: file.name, size: file.size))
        let outcomes: [WorkerOutcome]
        if file.kind == .locations {
            var cells = ByteKeyTable(expectedCount: max(context.cells.count, 16))
            for (id, index) in context.cells { cells.insert(Array(id.utf8), value: index) }
            let parser = LocationRecordParser(
                subscribers: subscribers, cells: cells, timestamps: context.timestamps, map: map)
            outcomes = try parseInParallel(parser, feed: feed, update: context.update, workers: workers)
        } else {
            let parser = InteractionRecordParser(
                subscribers: subscribers, externals: externals, timestamps: context.timestamps, map: map)
            outcomes = try parseInParallel(parser, feed: feed, update: context.update, workers: workers)
        }
        var linesOfChunk: [Int: Int] = [:]
        var rejects = RejectLog()
        var counts = RecordCounts()
        for outcome in outcomes {
            for chunk in outcome.chunkLines { linesOfChunk[chunk.sequence] = chunk.lines }
            rejects.merge(outcome.rejects)
            counts.read += outcome.counts.read
            counts.accepted += outcome.counts.accepted
            counts.written += outcome.counts.written
        }
        // The header is line 1; each chunk starts after the lines of those before it.
        var firstLineOfChunk: [Int] = []
        var next = 2
        for sequence in 0..<linesOfChunk.count {
            firstLineOfChunk.append(next)
            next += linesOfChunk[sequence] ?? 0
        }
        rejects.resolveLines(firstLineOfChunk: firstLineOfChunk)
        let report = FileReport(
            file: file.name, kind: file.kind, read: counts.read, accepted: counts.accepted, rejected: rejects.total,
            rejectedByReason: rejects.counts, recordsWritten: counts.written, bytes: chunker.contentBytes)
        return (report, rejects)
    }

    private static func parseInParallel<Parser: RecordLineParser>(
        _ parser: Parser, feed: ChunkFeed, update: WorkspaceUpdate, workers: Int
    ) throws -> [WorkerOutcome] {
        let box = WorkerWriters(writers: update.segmentWriters(for: Parser.Record.self, workers: workers))
        return try ParallelWorkers.run(count: workers) { worker in
            var parser = parser
            var outcome = WorkerOutcome()
            let writer = box.writers[worker]
            do {
                while let chunk = try feed.next() {
                    let counts = try parser.parse(chunk, into: writer, rejects: &outcome.rejects)
                    outcome.chunkLines.append((chunk.sequence, counts.lines))
                    outcome.counts.read += counts.read
                    outcome.counts.accepted += counts.accepted
                    outcome.counts.written += counts.written
                    feed.finished(chunk, lines: counts.lines)
                }
            } catch {
                feed.stop()
                throw error
            }
            return outcome
        }
    }
}
