import Foundation
import Synchronization

/// Hands out the chunks of one file to parser threads, one at a time, and reports progress.
///
/// `@unchecked Sendable`: the chunker is only touched inside the mutex, and the stop flag
/// and line count are atomics, so threads never see them half-updated.
final class ChunkFeed: @unchecked Sendable {
    private let state: Mutex<Void>
    private let chunker: LineChunker
    private let progress: FileProgress
    private let stopped = Atomic<Bool>(false)
    private let linesParsed = Atomic<Int>(0)

    init(chunker: LineChunker, progress: FileProgress) {
        self.chunker = chunker
        self.progress = progress
        state = Mutex(())
    }

    /// The next chunk, or `nil` at the end of the file or after another worker failed.
    func next() throws(IngestError) -> LineChunk? {
        if stopped.load(ordering: .relaxed) { return nil }
        let result: Result<LineChunk?, IngestError> = state.withLock { _ in
            Result { () throws(IngestError) in
                let chunk = try chunker.next()
                progress.advance(
                    fileBytes: chunker.consumedFileBytes, lines: linesParsed.load(ordering: .relaxed))
                return chunk
            }
        }
        if case .failure = result { stop() }
        return try result.get()
    }

    /// Counts lines a worker has finished, for progress.
    func parsed(lines: Int) { linesParsed.add(lines, ordering: .relaxed) }

    /// Tells every worker to stop at its next chunk.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
