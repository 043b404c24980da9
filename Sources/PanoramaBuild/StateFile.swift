import Foundation
import PanoramaEngine
import PanoramaStore

/// The subscriber states of one partition, as a generation stores them.
///
/// Little-endian binary: the magic `PNRSTA04`, the partition and the state count, then each
/// state with its tallies, anchors, tags and typical-day hours as fixed-size fields. Written
/// once per build into the staging generation; never changed in place. Files of format 03,
/// written before the typical day was kept, are still read: their states start one empty.
enum StateFile {
    static let magic = Array("PNRSTA04".utf8)
    static let magicWithoutTypicalDay = Array("PNRSTA03".utf8)

    static func name(partition: Int) -> String {
        let digits = String(partition)
        return "p" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".state"
    }

    static let stateHeaderSize = 4 + 2 * 3 + 4 + 4 + 1 + 4
    static let tallySize = 4 + 1 + 4 + 2 * 3 + 4
    static let anchorSize = 1 + 4 + 4 + 2 * 3 + 4 + 4
    static let tagSize = 4 + 1 + 2 * 3 + 4 + 4
    static let hourSize = 4 + 1 + 4 + 1 + 1

    static func write(_ states: [SubscriberState], partition: Int, to url: URL) throws {
        var size = magic.count + 8
        var kept = 0
        for state in states where !state.isEmpty {
            kept += 1
            size += stateHeaderSize + 1 + state.tallies.count * tallySize + state.anchors.count * anchorSize + state.tags.count * tagSize
                + state.typicalDay.count * hourSize
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var out = RawWriter(base: UnsafeMutableRawPointer(buffer.baseAddress!))
            for byte in magic { out.put(byte) }
            out.put(UInt32(partition))
            out.put(UInt32(kept))
            for state in states where !state.isEmpty {
                out.put(state.subscriber)
                out.put(state.observedDays)
                out.put(state.firstDay)
                out.put(state.lastDay)
                out.put(state.records)
                out.put(UInt32(state.tallies.count))
                out.put(UInt8(state.anchors.count))
                out.put(UInt32(state.tags.count))
                for tally in state.tallies {
                    out.put(tally.key)
                    out.put(tally.kind.rawValue)
                    out.put(tally.cell)
                    out.put(tally.days)
                    out.put(tally.first)
                    out.put(tally.last)
                    out.put(tally.evidence)
                }
                for anchor in state.anchors {
                    out.put(anchor.kind.rawValue)
                    out.put(anchor.cell)
                    out.put(anchor.place)
                    out.put(anchor.days)
                    out.put(anchor.first)
                    out.put(anchor.last)
                    out.put(anchor.confidence.bitPattern)
                    out.put(anchor.placeShare.bitPattern)
                }
                for tag in state.tags {
                    out.put(tag.path)
                    out.put(tag.status.rawValue)
                    out.put(tag.support)
                    out.put(tag.first)
                    out.put(tag.last)
                    out.put(tag.evidence)
                    out.put(tag.confidence.bitPattern)
                }
                out.put(UInt8(state.typicalDay.count))
                for hour in state.typicalDay {
                    out.put(hour.cell)
                    out.put(hour.days)
                    out.put(hour.otherCell)
                    out.put(hour.otherDays)
                    out.put(hour.seen)
                }
            }
            count = out.offset
        }
        precondition(bytes.count == size, "state file size miscounted")
        try bytes.withUnsafeBytes { try WholeFile.write($0, to: url) }
    }

    /// The states of a partition file; an absent file is an empty partition.
    static func read(_ url: URL) throws -> [SubscriberState] {
        let bytes: [UInt8]?
        do { bytes = try WholeFile.read(url) } catch let WorkspaceError.io(_, reason) {
            throw PanoramaBuildError.damaged(path: url.path, reason: reason)
        }
        guard let bytes else { return [] }
        var input = ByteReader(bytes: bytes)
        guard let hasTypicalDay = keepsTypicalDay(input.take(8)), let _: UInt32 = input.get(), let count: UInt32 = input.get() else {
            throw PanoramaBuildError.damaged(path: url.path, reason: "it is not a panorama state file")
        }
        var states: [SubscriberState] = []
        states.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let subscriber: UInt32 = input.get() else { break }
            var state = SubscriberState(subscriber: subscriber)
            guard let observed: UInt16 = input.get(), let first: UInt16 = input.get(),
                let last: UInt16 = input.get(), let records: UInt32 = input.get(), let tallies: UInt32 = input.get(),
                let anchors: UInt8 = input.get(), let tags: UInt32 = input.get()
            else { break }
            state.observedDays = observed
            state.firstDay = first
            state.lastDay = last
            state.records = records
            guard Int(tallies) * tallySize + Int(anchors) * anchorSize + Int(tags) * tagSize <= input.remaining else {
                throw PanoramaBuildError.damaged(path: url.path, reason: "a state counts more than the file holds")
            }
            // Room for the tallies a new day adds, so that counting them does not reallocate.
            state.tallies.reserveCapacity(Int(tallies) + 16)
            state.tags.reserveCapacity(Int(tags))
            for _ in 0..<tallies {
                guard let key: UInt32 = input.get(), let kind: UInt8 = input.get(), let cell: Int32 = input.get(), let days: UInt16 = input.get(),
                    let first: UInt16 = input.get(), let last: UInt16 = input.get(), let evidence: UInt32 = input.get(),
                    let kindValue = Tally.Kind(rawValue: kind)
                else { throw PanoramaBuildError.damaged(path: url.path, reason: "a tally is cut short or unknown") }
                state.tallies.append(Tally(key: key, kind: kindValue, cell: cell, days: days, first: first, last: last, evidence: evidence))
            }
            for _ in 0..<anchors {
                guard let kind: UInt8 = input.get(), let cell: Int32 = input.get(), let place: Int32 = input.get(),
                    let days: UInt16 = input.get(), let first: UInt16 = input.get(), let last: UInt16 = input.get(),
                    let confidence: UInt32 = input.get(), let placeShare: UInt32 = input.get(), let kindValue = Anchor.Kind(rawValue: kind)
                else { throw PanoramaBuildError.damaged(path: url.path, reason: "an anchor is cut short or unknown") }
                state.anchors.append(
                    Anchor(
                        kind: kindValue, cell: cell, place: place, days: days, first: first, last: last,
                        confidence: Float(bitPattern: confidence), placeShare: Float(bitPattern: placeShare)))
            }
            for _ in 0..<tags {
                guard let path: Int32 = input.get(), let status: UInt8 = input.get(), let support: UInt16 = input.get(),
                    let first: UInt16 = input.get(), let last: UInt16 = input.get(), let evidence: UInt32 = input.get(),
                    let confidence: UInt32 = input.get(), let statusValue = TagStatus(rawValue: status)
                else { throw PanoramaBuildError.damaged(path: url.path, reason: "a tag is cut short or unknown") }
                state.tags.append(
                    TagRecord(
                        path: path, status: statusValue, support: support, first: first, last: last, evidence: evidence,
                        confidence: Float(bitPattern: confidence)))
            }
            let hours = hasTypicalDay ? typicalDay(&input) : []
            guard let hours else {
                throw PanoramaBuildError.damaged(path: url.path, reason: "a typical day is cut short or the wrong length")
            }
            state.typicalDay = hours
            states.append(state)
        }
        guard states.count == Int(count), input.isAtEnd else {
            throw PanoramaBuildError.damaged(path: url.path, reason: "it is cut short")
        }
        return states
    }
}

extension StateFile {
    /// Whether a file with this magic keeps typical days; `nil` for no state file.
    static func keepsTypicalDay(_ header: [UInt8]?) -> Bool? {
        if header == magic { return true }
        if header == magicWithoutTypicalDay { return false }
        return nil
    }

    /// The hours of a state's typical day: none, or all of them.
    static func typicalDay(_ input: inout ByteReader) -> [TypicalHour]? {
        guard let count: UInt8 = input.get(), count == 0 || Int(count) == TypicalHour.slots else { return nil }
        var hours: [TypicalHour] = []
        hours.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let cell: Int32 = input.get(), let days: UInt8 = input.get(), let otherCell: Int32 = input.get(),
                let otherDays: UInt8 = input.get(), let seen: UInt8 = input.get()
            else { return nil }
            hours.append(TypicalHour(cell: cell, days: days, otherCell: otherCell, otherDays: otherDays, seen: seen))
        }
        return hours
    }
}

/// Stores little-endian fixed-width values one after another into memory sized beforehand.
struct RawWriter {
    let base: UnsafeMutableRawPointer
    var offset = 0

    @inline(__always)
    mutating func put<T: FixedWidthInteger>(_ value: T) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
    }
}

/// Reads little-endian fixed-width values from bytes, returning `nil` past the end.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    @inline(__always)
    mutating func get<T: FixedWidthInteger>() -> T? {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { return nil }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return T(littleEndian: value)
    }
}
