/// An open-addressing hash table from short byte strings to dense indexes.
///
/// The record parsers look up a subscriber number and a cell identifier for every row;
/// doing that with `[String: UInt32]` would build two Strings per row and cost more than
/// the parse. This table hashes the bytes where they lie in the read buffer and compares
/// them against one contiguous arena. Lookups are O(1) expected; the table is built once
/// and then only read, so workers share it without locks.
struct ByteKeyTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        var offset: UInt32
        var value: UInt32
    }

    private var slots: [Slot]
    private var arena: [UInt8] = []
    private var mask: Int
    private(set) var count = 0

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: Slot(hash: 0, offset: 0, value: 0), count: capacity)
        mask = capacity - 1
    }

    /// Adds a key (at most 255 bytes) or replaces its value.
    mutating func insert<Bytes: Collection>(_ key: Bytes, value: UInt32) where Bytes.Element == UInt8 {
        let bytes = Array(key.prefix(255))
        if (count + 1) * 2 > slots.count { grow() }
        let hash = bytes.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) }
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].hash != 0 {
            if slots[index].hash == hash && keyEquals(slot: slots[index], bytes) {
                slots[index].value = value
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, offset: UInt32(arena.count), value: value)
        arena.append(UInt8(bytes.count))
        arena.append(contentsOf: bytes)
        count += 1
    }

    /// The value stored for the `length` bytes at `key`, if any.
    @inline(__always)
    func lookup(_ key: UnsafePointer<UInt8>, _ length: Int) -> UInt32? {
        guard length <= 255 else { return nil }
        let hash = Self.hash(key, length)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                var index = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let slot = slots[index]
                    if slot.hash == 0 { return nil }
                    if slot.hash == hash {
                        let offset = Int(slot.offset)
                        if Int(arena[offset]) == length
                            && memcmpBytes(arena.baseAddress! + offset + 1, key, length)
                        {
                            return slot.value
                        }
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    func lookup<Bytes: Collection>(_ key: Bytes) -> UInt32? where Bytes.Element == UInt8 {
        let bytes = Array(key)
        if bytes.isEmpty { return nil }
        return bytes.withUnsafeBufferPointer { lookup($0.baseAddress!, $0.count) }
    }

    private func keyEquals(slot: Slot, _ bytes: [UInt8]) -> Bool {
        let offset = Int(slot.offset)
        return Int(arena[offset]) == bytes.count && arena[(offset + 1)..<(offset + 1 + bytes.count)].elementsEqual(bytes)
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(hash: 0, offset: 0, value: 0), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.hash != 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// A 64-bit hash reading eight bytes at a time; never 0, which marks an empty slot.
    @inline(__always)
    static func hash(_ key: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
        var index = 0
        let raw = UnsafeRawPointer(key)
        while index + 8 <= length {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < length {
            tail |= UInt64(key[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 29
        return hash | 1
    }
}

@inline(__always)
private func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    for i in 0..<length where a[i] != b[i] { return false }
    return true
}
