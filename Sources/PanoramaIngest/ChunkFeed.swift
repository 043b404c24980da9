import Foundation
import Synchronization

/// Hands out the chunks of one file to parser threads, one at a time, and reports progress.
///
/// `@unchecked Sendable`: the chunker and the record of finished chunks are only touched
/// inside the mutex, and the stop flag and line count are atomics, so threads never see
/// them half-updated.
final class ChunkFeed: @unchecked Sendable {
    /// What the feed knows of chunks handed out and finished, for releasing mapped input.
    private struct Progress {
        /// End offset of each chunk handed out and not yet part of the finished prefix.
        var ends: [Int: Int] = [:]
        var finished: Set<Int> = []
        /// First chunk not yet finished; every chunk before it is done.
        var firstUnfinished = 0
        var discardedUpTo = 0
    }

    /// Parsed input is dropped from memory in steps of this many bytes.
    private static let discardStep = 64 << 20

    private let state: Mutex<Progress>
    private let chunker: LineChunker
    private let progress: FileProgress
    private let stopped = Atomic<Bool>(false)
    private let linesParsed = Atomic<Int>(0)

    init(chunker: LineChunker, progress: FileProgress) {
        self.chunker = chunker
        self.progress = progress
        state = Mutex(Progress())
    }

    /// The next chunk, or `nil` at the end of the file or after another worker failed.
    func next() throws(IngestError) -> LineChunk? {
        if stopped.load(ordering: .relaxed) { return nil }
        let result: Result<LineChunk?, IngestError> = state.withLock { state in
            Result { () throws(IngestError) in
                let chunk = try chunker.next()
                if let chunk, let range = chunk.mappedRange { state.ends[chunk.sequence] = range.upperBound }
                progress.advance(
                    fileBytes: chunker.consumedFileBytes, lines: linesParsed.load(ordering: .relaxed))
                return chunk
            }
        }
        if case .failure = result { stop() }
        return try result.get()
    }

    /// Records that a worker finished a chunk: counts its lines for progress and, once a long
    /// enough run of the file's start is parsed, drops it from memory in one call.
    func finished(_ chunk: LineChunk, lines: Int) {
        linesParsed.add(lines, ordering: .relaxed)
        guard chunk.mappedRange != nil else { return }
        state.withLock { state in
            state.finished.insert(chunk.sequence)
            var end = state.discardedUpTo
            while state.finished.remove(state.firstUnfinished) != nil {
                end = state.ends.removeValue(forKey: state.firstUnfinished) ?? end
                state.firstUnfinished += 1
            }
            if end - state.discardedUpTo >= Self.discardStep {
                chunker.discardMapped(state.discardedUpTo..<end)
                state.discardedUpTo = end
            }
        }
    }

    /// Tells every worker to stop at its next chunk.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
