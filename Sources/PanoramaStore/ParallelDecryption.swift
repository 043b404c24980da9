import Dispatch
import Foundation
import Synchronization

/// Decrypts many sealed numbers on all cores.
enum ParallelDecryption {
    /// Slots that each worker fills for its own range of indexes.
    ///
    /// `@unchecked Sendable`: workers write disjoint ranges of the buffer, and it is read
    /// only after `concurrentPerform` has returned.
    private struct Slots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<[UInt8]>
    }

    static func reveal(_ sealed: [Data], with pseudonymizer: Pseudonymizer) throws -> [[UInt8]] {
        let slots = Slots(buffer: .allocate(capacity: sealed.count))
        slots.buffer.initialize(repeating: [])
        defer {
            slots.buffer.deinitialize()
            slots.buffer.deallocate()
        }
        let failure = Mutex<(any Error)?>(nil)
        let sliceCount = max(1, min(sealed.count / 4096, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            let range = (sealed.count * slice / sliceCount)..<(sealed.count * (slice + 1) / sliceCount)
            do {
                for index in range { slots.buffer[index] = try pseudonymizer.reveal(sealed[index]) }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return Array(slots.buffer)
    }
}
