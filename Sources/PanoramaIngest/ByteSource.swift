import CZlib
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A stream of raw bytes from an input file, decompressed if it is gzip.
protocol ByteSource {
    /// Fills `buffer` from the start with up to its size; returns 0 at the end of the data.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int
    /// Bytes of the file on disk consumed so far, for progress against its size.
    var consumedFileBytes: Int { get }
}

/// Opens a file for reading, choosing gzip decompression by its name.
func openByteSource(_ url: URL, name: String) throws(IngestError) -> any ByteSource {
    let file = try FileReader(url: url, name: name)
    return name.hasSuffix(".gz") ? GzipReader(file: file, name: name) : file
}

/// Reads a file with plain `read(2)` calls into the caller's buffer.
final class FileReader: ByteSource {
    private let descriptor: Int32
    let name: String
    private(set) var consumedFileBytes = 0

    init(url: URL, name: String) throws(IngestError) {
        descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadableFile(file: name, reason: String(cString: strerror(errno))) }
        self.name = name
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                consumedFileBytes += count
                return count
            }
            if errno != EINTR { throw .unreadableFile(file: name, reason: String(cString: strerror(errno))) }
        }
    }
}

/// Inflates a gzip file (one or more concatenated members) as it is read.
///
/// A file that ends before the gzip trailer is reported as truncated rather than taken
/// for complete: a cut-off download must not load as a shorter month.
final class GzipReader: ByteSource {
    private let file: FileReader
    private let name: String
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 20)
    private var filled = 0
    private var inputEnd = false
    private var memberEnded = false
    private var initialized = false

    init(file: FileReader, name: String) {
        self.file = file
        self.name = name
    }

    deinit { if initialized { inflateEnd(&stream) } }

    var consumedFileBytes: Int { file.consumedFileBytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        if !initialized {
            // 15 + 32: maximum window, detect the gzip header automatically.
            guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw .corruptCompression(file: name, reason: "zlib could not start")
            }
            initialized = true
        }
        var produced = 0
        while produced < buffer.count {
            if stream.avail_in == 0 && !inputEnd {
                filled = try input.withUnsafeMutableBytes { raw in
                    Result { () throws(IngestError) in try file.read(into: raw) }
                }.get()
                if filled == 0 { inputEnd = true }
                stream.avail_in = UInt32(filled)
            }
            if stream.avail_in == 0 && inputEnd {
                if memberEnded || file.consumedFileBytes == 0 { return produced }
                throw .corruptCompression(
                    file: name, reason: "the file is truncated (it ends inside the compressed data)")
            }
            if memberEnded {
                // Another gzip member follows: start it afresh.
                inflateReset(&stream)
                memberEnded = false
            }
            let offset = filled - Int(stream.avail_in)
            let status: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
                stream.next_in = inputBuffer.baseAddress! + offset
                stream.next_out = (buffer.baseAddress! + produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(buffer.count - produced)
                return inflate(&stream, Z_NO_FLUSH)
            }
            produced = buffer.count - Int(stream.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR: continue
            case Z_STREAM_END: memberEnded = true
            default:
                throw .corruptCompression(
                    file: name, reason: stream.msg.map { String(cString: $0) } ?? "inflate failed with code \(status)")
            }
        }
        return produced
    }
}
