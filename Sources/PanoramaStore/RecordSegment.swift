import CLinux
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file of compact records of one volume and one partition, written by one ingest.
///
/// A segment is a 32-byte header — magic `PNRSEG01`, volume code, record size, partition,
/// record count — followed by the records as little-endian fixed-size structs, in the
/// order they were read. Segments are listed in the database's manifest in the same
/// transaction as the rest of an ingest, so a segment that is not in the manifest was
/// left by a run that never committed and is ignored and removed.
public struct RecordSegment: Hashable, Sendable {
    /// Path relative to the workspace's `records` directory.
    public var file: String
    public var volume: RecordVolume
    public var partition: Int
    public var records: Int
    /// Earliest and latest record time, seconds since the Unix epoch.
    public var minTime: UInt32
    public var maxTime: UInt32
    /// The ingest that wrote the segment; later ingests have larger numbers. Zero until committed.
    public var ingest: Int = 0

    static let headerSize = 32
    static let magic: [UInt8] = Array("PNRSEG01".utf8)

    static func header(volume: RecordVolume, partition: Int, records: Int) -> [UInt8] {
        var bytes = magic
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(volume.code)
        append(UInt32(volume.recordSize))
        append(UInt32(partition))
        append(UInt32(0))
        append(UInt64(records))
        return bytes
    }
}

/// Routes records of one kind to per-partition segment files, buffering each partition.
///
/// Each ingest worker owns one writer, so no locking is needed; files are created only for
/// partitions that receive records. The buffers are one flat allocation of about 2 MiB in
/// all, small enough to stay in cache while records scatter across partitions, and are
/// reached through pointers so that appending costs no exclusivity checks.
public final class PartitionedSegmentWriter<Record: SegmentRecord>: SegmentFileWriter {
    /// Bytes of buffer per writer, across all partitions.
    static var bufferBytes: Int { 2 << 20 }

    @usableFromInline let partitions: Int
    /// `partitions - 1` when the count is a power of two, so routing is a mask, not a division.
    @usableFromInline let partitionMask: UInt32?
    @usableFromInline let capacity: Int
    @usableFromInline let storage: UnsafeMutablePointer<Record>
    @usableFromInline let filled: UnsafeMutablePointer<Int>
    @usableFromInline let minTimes: UnsafeMutablePointer<UInt32>
    @usableFromInline let maxTimes: UnsafeMutablePointer<UInt32>
    private let directoryFor: (Int) -> URL
    private let fileStem: String
    private var descriptors: [Int32]
    private var counts: [Int]
    /// Bytes written since writeback was last started, across all files.
    private var unsynced = 0
    private(set) var createdFiles: [URL] = []
    private let recordsRoot: URL

    init(partitions: Int, recordsRoot: URL, fileStem: String, directoryFor: @escaping (Int) -> URL) {
        self.partitions = partitions
        partitionMask = partitions & (partitions - 1) == 0 ? UInt32(partitions - 1) : nil
        self.recordsRoot = recordsRoot
        self.fileStem = fileStem
        self.directoryFor = directoryFor
        capacity = max(256, Self.bufferBytes / MemoryLayout<Record>.stride / partitions)
        storage = .allocate(capacity: partitions * capacity)
        filled = .allocate(capacity: partitions)
        filled.initialize(repeating: 0, count: partitions)
        minTimes = .allocate(capacity: partitions)
        minTimes.initialize(repeating: .max, count: partitions)
        maxTimes = .allocate(capacity: partitions)
        maxTimes.initialize(repeating: 0, count: partitions)
        descriptors = Array(repeating: -1, count: partitions)
        counts = Array(repeating: 0, count: partitions)
    }

    deinit {
        for fd in descriptors where fd >= 0 { close(fd) }
        storage.deallocate()
        filled.deallocate()
        minTimes.deallocate()
        maxTimes.deallocate()
    }

    /// Adds one record to its subscriber's partition.
    @inlinable
    public func append(_ record: Record) throws(WorkspaceError) {
        let key = record.partitionKey
        let partition = Int(partitionMask.map { key & $0 } ?? key % UInt32(partitions))
        let count = filled[partition]
        (storage + partition * capacity + count).initialize(to: record)
        filled[partition] = count + 1
        if record.time < minTimes[partition] { minTimes[partition] = record.time }
        if record.time > maxTimes[partition] { maxTimes[partition] = record.time }
        if count + 1 == capacity { try flush(partition) }
    }

    @usableFromInline func flush(_ partition: Int) throws(WorkspaceError) {
        let count = filled[partition]
        guard count > 0 else { return }
        if descriptors[partition] < 0 { try createFile(partition) }
        let raw = UnsafeRawBufferPointer(
            start: storage + partition * capacity, count: count * MemoryLayout<Record>.stride)
        try writeFully(descriptors[partition], raw).throwing(path: path(partition))
        counts[partition] += count
        filled[partition] = 0
        unsynced += raw.count
        if unsynced >= Self.writebackBytes { startWriteback() }
    }

    /// Bytes after which the disk is asked to start writing; the final sync then overlaps
    /// with parsing instead of following it.
    private static var writebackBytes: Int { 32 << 20 }

    private func startWriteback() {
        for fd in descriptors where fd >= 0 { _ = panorama_start_writeback(fd) }
        unsynced = 0
    }

    private func path(_ partition: Int) -> URL {
        directoryFor(partition).appendingPathComponent(fileStem + ".seg")
    }

    private func createFile(_ partition: Int) throws(WorkspaceError) {
        let directory = directoryFor(partition)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory.path, reason: error.localizedDescription)
        }
        let url = path(partition)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
        descriptors[partition] = fd
        createdFiles.append(url)
        let header = RecordSegment.header(volume: Record.volume, partition: partition, records: 0)
        try header.withUnsafeBytes { raw in writeFully(fd, raw) }.throwing(path: url)
    }

    /// Flushes every partition, writes the record counts into the headers, makes the files
    /// durable and returns the segments for the manifest. Writeback was started while the
    /// records were parsed, so `fdatasync` mostly finds the data already on disk.
    func finish() throws(WorkspaceError) -> [RecordSegment] {
        var segments: [RecordSegment] = []
        for partition in 0..<partitions {
            try flush(partition)
            let fd = descriptors[partition]
            guard fd >= 0 else { continue }
            let url = path(partition)
            let header = RecordSegment.header(volume: Record.volume, partition: partition, records: counts[partition])
            let written = header.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            guard written == header.count, fdatasync(fd) == 0 else {
                throw .io(path: url.path, reason: String(cString: strerror(errno)))
            }
            close(fd)
            descriptors[partition] = -1
            let relative = String(url.path.dropFirst(recordsRoot.path.count + 1))
            segments.append(
                RecordSegment(
                    file: relative, volume: Record.volume, partition: partition, records: counts[partition],
                    minTime: minTimes[partition], maxTime: maxTimes[partition]))
        }
        return segments
    }
}

/// What an update needs of a segment writer, whatever its record type.
protocol SegmentFileWriter: AnyObject {
    var createdFiles: [URL] { get }
    func finish() throws(WorkspaceError) -> [RecordSegment]
}

/// Writes all of `raw`, retrying short writes; returns the `errno` of a failure, or 0.
func writeFully(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Int32 {
    var offset = 0
    while offset < raw.count {
        let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
}

extension Int32 {
    /// Turns an `errno` returned by `writeFully` into a workspace error.
    func throwing(path: URL) throws(WorkspaceError) {
        if self != 0 { throw .io(path: path.path, reason: String(cString: strerror(self))) }
    }
}

/// Reads the records of segments back, checking each header against the manifest.
enum RecordSegmentReader {
    /// The records of `segments` one after another, read from each file straight into the
    /// array returned.
    static func read<Record: SegmentRecord>(
        _ segments: [RecordSegment], recordsRoot: URL, as _: Record.Type
    ) throws(WorkspaceError) -> [Record] {
        let total = segments.reduce(0) { $0 + $1.records }
        var failure: WorkspaceError?
        let records = [Record](unsafeUninitializedCapacity: total) { buffer, count in
            count = 0
            let target = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            for segment in segments {
                let size = segment.records * Record.volume.recordSize
                do throws(WorkspaceError) {
                    try fill(
                        UnsafeMutableRawBufferPointer(rebasing: target[offset..<offset + size]), volume: Record.volume,
                        from: segment, recordsRoot: recordsRoot)
                } catch {
                    failure = error
                    return
                }
                offset += size
            }
            count = total
        }
        if let failure { throw failure }
        return records
    }

    /// Reads the records of `segment` into `target` after checking the file's size and header.
    private static func fill(
        _ target: UnsafeMutableRawBufferPointer, volume: RecordVolume, from segment: RecordSegment, recordsRoot: URL
    ) throws(WorkspaceError) {
        let url = recordsRoot.appendingPathComponent(segment.file)
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .corruptSegment(path: url.path, reason: "it cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw .corruptSegment(path: url.path, reason: "it cannot be read (\(String(cString: strerror(errno))))")
        }
        guard Int(status.st_size) == RecordSegment.headerSize + target.count else {
            throw .corruptSegment(path: url.path, reason: "its size \(status.st_size) does not match its \(segment.records) records")
        }
        var header = [UInt8](repeating: 0, count: RecordSegment.headerSize)
        let headerRead = header.withUnsafeMutableBytes { readFully(fd, $0, at: 0) }
        let expectedHeader = RecordSegment.header(volume: volume, partition: segment.partition, records: segment.records)
        guard headerRead == 0, header.elementsEqual(expectedHeader) else {
            throw .corruptSegment(path: url.path, reason: "its header does not match the manifest")
        }
        let failure = readFully(fd, target, at: RecordSegment.headerSize)
        guard failure == 0 else {
            throw .corruptSegment(path: url.path, reason: "it cannot be read (\(String(cString: strerror(failure))))")
        }
    }

}
