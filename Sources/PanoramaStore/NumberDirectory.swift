import Foundation

/// Every subscriber's number, in index order, sealed as one ciphertext.
///
/// Matching record streams needs the numbers in memory, and exports must be able to
/// reveal them; sealing each number on its own made an ingest's start-up a million
/// AES-GCM decryptions. The directory is one AES-GCM box over the packed numbers (a length
/// byte, then the bytes), so opening it costs one pass at memory speed. It is stored in
/// the database, rewritten in the same transaction as the subscribers it lists.
public struct NumberDirectory: Sendable {
    /// The packed numbers: for subscriber `i`, a length byte then the number's bytes.
    private(set) var packed: [UInt8]
    /// Where each subscriber's entry starts in `packed`.
    private(set) var offsets: [Int]

    init() {
        packed = []
        offsets = []
    }

    init(packed: [UInt8]) throws {
        var offsets: [Int] = []
        var position = 0
        while position < packed.count {
            offsets.append(position)
            position += 1 + Int(packed[position])
        }
        guard position == packed.count else {
            throw WorkspaceError.database("the number directory is damaged")
        }
        self.packed = packed
        self.offsets = offsets
    }

    /// Number of subscribers listed.
    public var count: Int { offsets.count }

    /// Appends the number of the next subscriber index.
    mutating func append(_ number: [UInt8]) {
        offsets.append(packed.count)
        packed.append(UInt8(number.count))
        packed.append(contentsOf: number)
    }

    /// Calls `body` with each subscriber's number and index, without copying the numbers.
    public func forEach(_ body: (UnsafeBufferPointer<UInt8>, UInt32) throws -> Void) rethrows {
        try packed.withUnsafeBufferPointer { buffer in
            for (index, offset) in offsets.enumerated() {
                let length = Int(buffer[offset])
                try body(UnsafeBufferPointer(rebasing: buffer[(offset + 1)..<(offset + 1 + length)]), UInt32(index))
            }
        }
    }

    /// The number of one subscriber, or `nil` for an index beyond the directory.
    public func number(of index: UInt32) -> String? {
        guard Int(index) < offsets.count else { return nil }
        let offset = offsets[Int(index)]
        return String(decoding: packed[(offset + 1)..<(offset + 1 + Int(packed[offset]))], as: UTF8.self)
    }
}
