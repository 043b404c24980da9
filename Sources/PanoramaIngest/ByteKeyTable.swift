import CLinux

/// An open-addressing hash table from short byte strings to dense indexes.
///
/// The record parsers look up a subscriber number and a cell identifier for every row;
/// doing that with `[String: UInt32]` would build two Strings per row and cost more than
/// the parse. This table hashes the bytes where they lie in the read buffer. Keys of up
/// to 16 bytes — every subscriber number, most cell ids — live inside their 32-byte slot,
/// so a lookup in a table of millions costs one cache miss; longer keys (up to 255
/// bytes) are compared against an arena. Lookups are O(1) expected; the table is built
/// once and then only read, so workers share it without locks. The slots live in memory
/// advised to use huge pages: without them every lookup in a large table also misses the
/// TLB, which under virtualization costs more than the cache miss itself.
struct ByteKeyTable: Sendable {
    fileprivate struct Slot: Sendable {
        var hash: UInt64 = 0
        var value: UInt32 = 0
        var length: UInt32 = 0
        /// The key's bytes, zero-padded, when it is at most 16 bytes long.
        var head: UInt64 = 0
        /// The rest of an inline key, or the key's offset in the arena for a longer one.
        var tail: UInt64 = 0
    }

    private var storage: SlotStorage
    private var arena: [UInt8] = []
    private var mask: Int
    private(set) var count = 0

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        storage = SlotStorage(capacity: capacity)
        mask = capacity - 1
    }

    private var slots: UnsafeMutablePointer<Slot> { storage.slots }

    /// Adds a key (at most 255 bytes) or replaces its value.
    mutating func insert<Bytes: Collection>(_ key: Bytes, value: UInt32) where Bytes.Element == UInt8 {
        let bytes = Array(key)
        bytes.withUnsafeBufferPointer { insert($0, value: value) }
    }

    /// Adds a key given where it lies in memory, without copying it first.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: UInt32) {
        guard let base = key.baseAddress, !key.isEmpty else { return }
        let length = min(key.count, 255)
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        if (count + 1) * 2 > storage.capacity { grow() }
        let (head, tail) = Self.words(base, length)
        let slot = Slot(
            hash: Self.hash(base, length), value: value, length: UInt32(length), head: head,
            tail: length <= 16 ? tail : UInt64(arena.count))
        var index = Int(truncatingIfNeeded: slot.hash) & mask
        while slots[index].hash != 0 {
            let existing = slots[index]
            if existing.hash == slot.hash && existing.length == slot.length && existing.head == slot.head
                && (length <= 16 ? existing.tail == slot.tail : arenaMatches(existing, base, length))
            {
                slots[index].value = value
                return
            }
            index = (index + 1) & mask
        }
        if length > 16 { arena.append(contentsOf: UnsafeBufferPointer(start: base, count: length)) }
        slots[index] = slot
        count += 1
    }

    /// The value stored for the `length` bytes at `key`, if any.
    @inline(__always)
    func lookup(_ key: UnsafePointer<UInt8>, _ length: Int) -> UInt32? {
        guard length > 0 && length <= 255 else { return nil }
        let hash = Self.hash(key, length)
        let (head, tail) = Self.words(key, length)
        let slots = self.slots
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.hash == 0 { return nil }
            if slot.hash == hash && Int(slot.length) == length && slot.head == head {
                if length <= 16 {
                    if slot.tail == tail { return slot.value }
                } else if arenaMatches(slot, key, length) {
                    return slot.value
                }
            }
            index = (index + 1) & mask
        }
    }

    /// Starts loading the slot where a key with this many bytes at `key` would be, so that
    /// a lookup a few rows later finds it in cache.
    @inline(__always)
    func prefetch(_ key: UnsafePointer<UInt8>, _ length: Int) {
        panorama_prefetch(slots + (Int(truncatingIfNeeded: Self.hash(key, length)) & mask))
    }

    func lookup<Bytes: Collection>(_ key: Bytes) -> UInt32? where Bytes.Element == UInt8 {
        let bytes = Array(key)
        if bytes.isEmpty { return nil }
        return bytes.withUnsafeBufferPointer { lookup($0.baseAddress!, $0.count) }
    }

    private func arenaMatches(_ slot: Slot, _ key: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            let start = Int(slot.tail)
            for i in 0..<length where arena[start + i] != key[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        let old = storage
        storage = SlotStorage(capacity: old.capacity * 2)
        mask = storage.capacity - 1
        for position in 0..<old.capacity where old.slots[position].hash != 0 {
            let slot = old.slots[position]
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// The first sixteen bytes of a key as two little-endian words, zero-padded.
    @inline(__always)
    static func words(_ key: UnsafePointer<UInt8>, _ length: Int) -> (UInt64, UInt64) {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        let raw = UnsafeRawPointer(key)
        if length >= 16 {
            head = raw.loadUnaligned(as: UInt64.self)
            tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        } else if length >= 8 {
            head = raw.loadUnaligned(as: UInt64.self)
            for i in 8..<length { tail |= UInt64(key[i]) << UInt64((i - 8) * 8) }
        } else {
            for i in 0..<length { head |= UInt64(key[i]) << UInt64(i * 8) }
        }
        return (head, tail)
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

/// The slots of a `ByteKeyTable`, in huge-page-advised memory.
///
/// `@unchecked Sendable`: a table is mutated only while it is built, by its one owner
/// (copy-on-write through `isKnownUniquelyReferenced`); once shared with parser threads it
/// is only read.
private final class SlotStorage: @unchecked Sendable {
    let slots: UnsafeMutablePointer<ByteKeyTable.Slot>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        let bytes = capacity * MemoryLayout<ByteKeyTable.Slot>.stride
        let raw = bytes >= 4 << 20 ? panorama_allocate_huge(bytes) : nil
        let memory = raw ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        slots = memory.bindMemory(to: ByteKeyTable.Slot.self, capacity: capacity)
        slots.initialize(repeating: ByteKeyTable.Slot(), count: capacity)
        usesHugeAllocation = raw != nil
    }

    private let usesHugeAllocation: Bool

    func copy() -> SlotStorage {
        let copy = SlotStorage(capacity: capacity)
        copy.slots.update(from: slots, count: capacity)
        return copy
    }

    deinit {
        slots.deinitialize(count: capacity)
        if usesHugeAllocation { free(slots) } else { UnsafeMutableRawPointer(slots).deallocate() }
    }
}
