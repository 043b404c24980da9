import PanoramaModel
import PanoramaStore
import Synchronization

/// Hands out dense indexes to the people outside the operator that subscribers talk to.
///
/// Shared by the interaction parsers: each worker keeps its own cache from number to
/// index, and only a number it has not seen reaches this registry, so the pseudonym is
/// computed and the lock taken once per external party per worker.
final class ExternalPartyRegistry: Sendable {
    private struct State: Sendable {
        var known: [Pseudonym: UInt32]
        var added: [(pseudonym: Pseudonym, index: UInt32)] = []
        var next: UInt32
    }

    private let state: Mutex<State>
    private let pseudonymizer: Pseudonymizer

    init(known: [Pseudonym: UInt32], pseudonymizer: Pseudonymizer) {
        state = Mutex(State(known: known, next: (known.values.max().map { $0 + 1 }) ?? 0))
        self.pseudonymizer = pseudonymizer
    }

    /// The index of the external party with this number, assigning one if it is new.
    func index(of number: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let pseudonym = pseudonymizer.pseudonym(of: number)
        return state.withLock { state in
            if let index = state.known[pseudonym] { return index }
            let index = state.next
            state.next += 1
            state.known[pseudonym] = index
            state.added.append((pseudonym, index))
            return index
        }
    }

    /// Parties first met in this ingest, to be saved with it.
    var added: [(pseudonym: Pseudonym, index: UInt32)] { state.withLock { $0.added } }
}
