import Foundation
import PanoramaEngine
import PanoramaStore

/// The subscriber states of one partition, as a generation stores them.
///
/// Little-endian binary: the magic `PNRSTA05`, the partition and the state count, then each
/// state with its tallies, anchors and tags as fixed-size fields and its typical-day hours
/// packed (see `putTypicalDay`). Written once per build into the staging generation; never
/// changed in place. Earlier formats are still read: 03, written before the typical day was
/// kept (its states start one empty), and 04, which kept it unpacked.
enum StateFile {
    static let magic = Array("PNRSTA05".utf8)
    static let magicWithoutTypicalDay = Array("PNRSTA03".utf8)
    static let magicWithUnpackedTypicalDay = Array("PNRSTA04".utf8)

    /// How a file keeps its states' typical days.
    enum TypicalDayFormat {
        case none, unpacked, packed
    }

    static func name(partition: Int) -> String {
        let digits = String(partition)
        return "p" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".state"
    }

    static let stateHeaderSize = 4 + 2 * 3 + 4 + 4 + 1 + 4
    static let tallySize = 4 + 1 + 4 + 2 * 3 + 4
    static let anchorSize = 1 + 4 + 4 + 2 * 3 + 4 + 4
    static let tagSize = 4 + 1 + 2 * 3 + 4 + 4

    static func write(_ states: [SubscriberState], partition: Int, to url: URL) throws {
        var size = magic.count + 8
        var kept = 0
        for state in states where !state.isEmpty {
            kept += 1
            size += stateHeaderSize + state.tallies.count * tallySize + state.anchors.count * anchorSize + state.tags.count * tagSize
                + typicalDaySize(state.typicalDay)
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
                putTypicalDay(state.typicalDay, into: &out)
            }
            count = out.offset
        }
        precondition(bytes.count == size, "state file size miscounted")
        try bytes.withUnsafeBytes { try WholeFile.write($0, to: url) }
    }

    /// The states of a partition file, checked against the dictionary of their generation:
    /// every index must name a cell, path, store, place or event it has, and every
    /// subscriber must belong to the partition (and be one of the workspace's `subscribers`,
    /// when given), so that a damaged file is reported rather than read past the end of a
    /// table or taken for a size to allocate. An absent file is an empty partition.
    static func read(_ url: URL, partition: Int, dictionary: BuildDictionary, subscribers: Int? = nil) throws -> [SubscriberState] {
        let states = try read(url)
        if let problem = StateBounds(dictionary, subscribers: subscribers).problem(in: states, partition: partition) {
            throw PanoramaBuildError.damaged(path: url.path, reason: problem)
        }
        return states
    }

    /// The states of a partition file as written, unchecked; an absent file is an empty partition.
    static func read(_ url: URL) throws -> [SubscriberState] {
        let bytes: [UInt8]?
        do { bytes = try WholeFile.read(url) } catch let WorkspaceError.io(_, reason) {
            throw PanoramaBuildError.damaged(path: url.path, reason: reason)
        }
        guard let bytes else { return [] }
        var input = ByteReader(bytes: bytes)
        guard let format = typicalDayFormat(input.take(8)), let _: UInt32 = input.get(), let count: UInt32 = input.get() else {
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
            let hours: [TypicalHour]? =
                switch format {
                case .none: []
                case .unpacked: unpackedTypicalDay(&input)
                case .packed: typicalDay(&input)
                }
            guard let hours else {
                throw PanoramaBuildError.damaged(path: url.path, reason: "a typical day is cut short, the wrong length or inconsistent")
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
    /// How a file with this magic keeps typical days; `nil` for no state file.
    static func typicalDayFormat(_ header: [UInt8]?) -> TypicalDayFormat? {
        if header == magic { return .packed }
        if header == magicWithUnpackedTypicalDay { return .unpacked }
        if header == magicWithoutTypicalDay { return TypicalDayFormat.none }
        return nil
    }

    /// The hours of format 04: a count, then every hour's five fields in full.
    static func unpackedTypicalDay(_ input: inout ByteReader) -> [TypicalHour]? {
        guard let count: UInt8 = input.get(), count == 0 || Int(count) == TypicalHour.slots else { return nil }
        var hours: [TypicalHour] = []
        for _ in 0..<count {
            guard let cell: Int32 = input.get(), let days: UInt8 = input.get(), let otherCell: Int32 = input.get(),
                let otherDays: UInt8 = input.get(), let seen: UInt8 = input.get()
            else { return nil }
            let hour = TypicalHour(cell: cell, days: days, otherCell: otherCell, otherDays: otherDays, seen: seen)
            guard hour.isConsistent else { return nil }
            hours.append(hour)
        }
        return hours
    }

    /// Flags in an hour's first byte, beside the days seen (at most `TypicalHour.window`).
    static let hasOtherCandidate: UInt8 = 0x80
    static let sameCellAsHourBefore: UInt8 = 0x40

    /// The bytes `putTypicalDay` writes.
    static func typicalDaySize(_ hours: [TypicalHour]) -> Int {
        var size = 1
        var previous: Int32 = -1
        for hour in hours where hour.seen > 0 {
            size += 2 + (hour.cell == previous ? 0 : 4) + (hour.otherDays > 0 ? 5 : 0)
            previous = hour.cell
        }
        return size + hours.lazy.filter { $0.seen == 0 }.count
    }

    /// Writes the number of hours (0 or 48), then each hour packed: one byte of days seen and
    /// flags, and for an hour seen, the first candidate's cell (left out when it is the hour
    /// before's) and days, and the other candidate's cell and days when there is one. Most
    /// hours are spent where the hour before was, so a typical day of the demo city takes
    /// about 190 bytes instead of 528.
    static func putTypicalDay(_ hours: [TypicalHour], into out: inout RawWriter) {
        precondition(TypicalHour.window < sameCellAsHourBefore, "days seen must leave room for the flags")
        out.put(UInt8(hours.count))
        var previous: Int32 = -1
        for hour in hours {
            guard hour.seen > 0 else {
                out.put(UInt8(0))
                continue
            }
            let same = hour.cell == previous
            out.put(hour.seen | (hour.otherDays > 0 ? hasOtherCandidate : 0) | (same ? sameCellAsHourBefore : 0))
            if !same { out.put(hour.cell) }
            out.put(hour.days)
            if hour.otherDays > 0 {
                out.put(hour.otherCell)
                out.put(hour.otherDays)
            }
            previous = hour.cell
        }
    }

    /// The hours `putTypicalDay` wrote: none, or all of them; `nil` when cut short.
    static func typicalDay(_ input: inout ByteReader) -> [TypicalHour]? {
        guard let count: UInt8 = input.get(), count == 0 || Int(count) == TypicalHour.slots else { return nil }
        var hours: [TypicalHour] = []
        hours.reserveCapacity(Int(count))
        var previous: Int32 = -1
        for _ in 0..<count {
            guard let first: UInt8 = input.get() else { return nil }
            let seen = first & ~(hasOtherCandidate | sameCellAsHourBefore)
            guard seen > 0 else {
                hours.append(TypicalHour())
                continue
            }
            var hour = TypicalHour(seen: seen)
            if first & sameCellAsHourBefore != 0 {
                hour.cell = previous
            } else {
                guard let cell: Int32 = input.get() else { return nil }
                hour.cell = cell
            }
            guard let days: UInt8 = input.get() else { return nil }
            hour.days = days
            if first & hasOtherCandidate != 0 {
                guard let otherCell: Int32 = input.get(), let otherDays: UInt8 = input.get() else { return nil }
                hour.otherCell = otherCell
                hour.otherDays = otherDays
            }
            guard hour.isConsistent else { return nil }
            hours.append(hour)
            previous = hour.cell
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

/// The sizes of a generation's tables, to check a state's indexes against.
struct StateBounds {
    let cells: Int
    let paths: Int
    let stores: Int
    let places: Int
    let events: Int
    let partitions: Int
    let subscribers: Int?

    init(_ dictionary: BuildDictionary, subscribers: Int? = nil) {
        self.subscribers = subscribers
        cells = dictionary.cells.count
        paths = dictionary.paths.count
        stores = dictionary.stores.count
        places = dictionary.places.count
        events = dictionary.events.count
        partitions = dictionary.partitions
    }

    /// What is wrong with the first state that refers past a table, or `nil`.
    func problem(in states: [SubscriberState], partition: Int) -> String? {
        for state in states {
            if let problem = problem(in: state, partition: partition) { return "subscriber \(state.subscriber): \(problem)" }
        }
        return nil
    }

    private func problem(in state: SubscriberState, partition: Int) -> String? {
        if partitions > 0 && Int(state.subscriber) % partitions != partition { return "it belongs to another partition" }
        if let subscribers, Int(state.subscriber) >= subscribers { return "it is not one of the workspace's \(subscribers)" }
        for tally in state.tallies {
            let limit: Int =
                switch tally.kind {
                case .night, .work, .nightPartner, .workPartner, .haunt: cells
                case .tag, .tagAtCell, .offDayTag, .offDayTagAtCell: paths
                case .store: stores
                case .weekday: 7
                }
            if Int(tally.key) >= limit { return "a tally refers to entry \(tally.key) of \(limit)" }
            if (tally.kind == .tagAtCell || tally.kind == .offDayTagAtCell) && !isCell(tally.cell) { return "a tally refers to cell \(tally.cell) of \(cells)" }
            if !isEvidence(tally.evidence) { return "a tally's evidence \(tally.evidence) is no place or event" }
        }
        for anchor in state.anchors {
            if !isCell(anchor.cell) { return "an anchor refers to cell \(anchor.cell) of \(cells)" }
            if anchor.place < -1 || Int(anchor.place) >= places { return "an anchor refers to place \(anchor.place) of \(places)" }
        }
        for tag in state.tags {
            if tag.path < 0 || Int(tag.path) >= paths { return "a tag refers to path \(tag.path) of \(paths)" }
            if !isEvidence(tag.evidence) { return "a tag's evidence \(tag.evidence) is no place or event" }
        }
        for hour in state.typicalDay where (hour.days > 0 && !isCell(hour.cell)) || (hour.otherDays > 0 && !isCell(hour.otherCell)) {
            return "a typical hour refers to cell \(max(hour.cell, hour.otherCell)) of \(cells)"
        }
        return nil
    }

    private func isCell(_ cell: Int32) -> Bool { cell >= 0 && Int(cell) < cells }

    private func isEvidence(_ evidence: UInt32) -> Bool {
        if evidence == .max { return true }
        if evidence & Tally.eventBit != 0 { return Int(evidence & ~Tally.eventBit) < events }
        return Int(evidence) < places
    }
}
