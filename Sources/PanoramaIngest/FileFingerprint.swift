import Foundation

/// A cheap identity of a file's content: its size and its first and last 64 KiB.
///
/// Re-loading a record file would double its records; comparing fingerprints catches the
/// same file under another name without reading gigabytes twice.
enum FileFingerprint {
    static func of(_ file: InputFile) throws(IngestError) -> String {
        let edge = 64 << 10
        guard let handle = try? FileHandle(forReadingFrom: file.url) else {
            throw .unreadableFile(file: file.name, reason: "it cannot be opened")
        }
        defer { try? handle.close() }
        var bytes = Array((try? handle.read(upToCount: edge)) ?? Data())
        if file.size > edge {
            try? handle.seek(toOffset: UInt64(max(edge, file.size - edge)))
            bytes += Array((try? handle.read(upToCount: edge)) ?? Data())
        }
        let hash = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { ByteKeyTable.hash($0, buffer.count) } ?? 1
        }
        return String(file.size, radix: 16) + "-" + String(hash, radix: 16)
    }
}
