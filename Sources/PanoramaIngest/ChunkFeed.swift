import Foundation
import Synchronization

/// Hands out the chunks of one file to parser threads, one at a time, and reports progress.
///
/// `@unchecked Sendable`: the chunker and the progress state are only touched inside the
/// mutex, and `failed` is an atomic flag, so threads never see them half-updated.
final class ChunkFeed: @unchecked Sendable {
    private let state: Mutex<Void>
    private let chunker: LineChunker
    private let progress: FileProgress
    private let stopped = Atomic<Bool>(false)

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
                progress.advance(fileBytes: chunker.consumedFileBytes, lines: chunker.linesHandedOut)
                return chunk
            }
        }
        if case .failure = result { stop() }
        return try result.get()
    }

    /// Tells every worker to stop at its next chunk.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
