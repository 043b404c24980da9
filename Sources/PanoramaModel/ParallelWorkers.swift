import Dispatch
import Foundation
import Synchronization

/// Runs the same job on several threads at once and collects what each returns.
///
/// Record parsing is synchronous CPU work over byte buffers; a fixed set of threads that
/// pull chunks from a shared source keeps every core busy without the overhead of a task
/// per chunk.
public enum ParallelWorkers {
    /// Calls `work(worker)` for each worker index concurrently; rethrows the first error.
    public static func run<Result: Sendable>(count: Int, _ work: @escaping @Sendable (Int) throws -> Result) throws -> [Result] {
        let results = Mutex<[Swift.Result<Result, any Error>?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { worker in
            let outcome = Swift.Result { try work(worker) }
            results.withLock { $0[worker] = outcome }
        }
        return try results.withLock { all in try all.map { try $0!.get() } }
    }

    /// Calls `work(worker)`, which cannot fail, for each worker index concurrently.
    public static func compute<Result: Sendable>(count: Int, _ work: @escaping @Sendable (Int) -> Result) -> [Result] {
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { worker in
            let outcome = work(worker)
            results.withLock { $0[worker] = outcome }
        }
        return results.withLock { all in all.compactMap { $0 } }
    }

    /// One worker per core, as the machine reports them.
    public static var defaultCount: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16)) }
}
