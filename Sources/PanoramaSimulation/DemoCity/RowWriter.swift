import CZlib
import Foundation
import PanoramaModel
#if canImport(Glibc)
    import Glibc
#endif

/// Writes CSV rows assembled as bytes, plain or gzip-compressed, through a large buffer.
///
/// The demo city writes over a billion rows for a month of a large city; building a
/// `String` per field would cost more than everything else together. Fields here must not
/// need quoting (numbers, ids, times); text that may contain commas goes through `text`.
final class RowWriter {
    enum Failure: UserFacingError {
        case cannotCreate(String, String)
        case cannotWrite(String, String)
        case compression(String)

        var userMessage: String {
            switch self {
            case .cannotCreate(let path, let reason): "Cannot create \(path): \(reason)."
            case .cannotWrite(let path, let reason): "Cannot write \(path): \(reason)."
            case .compression(let path): "Compressing \(path) failed."
            }
        }
    }

    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var compressed: [UInt8] = []
    /// zlib keeps a pointer back to its stream, so the stream lives at one address.
    private var stream: UnsafeMutablePointer<z_stream>?
    private let flushSize = 1 << 20
    /// Bytes that reached the file (compressed, when compressing).
    private(set) var bytesWritten = 0
    private var atRowStart = true

    init(url: URL, header: [String], gzip: Bool = false) throws {
        path = url.path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure.cannotCreate(path, String(cString: strerror(errno))) }
        buffer.reserveCapacity(flushSize + 4096)
        if gzip {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // 15 window bits + 16 asks zlib for a gzip header; level 1 keeps pace with the generator.
            guard deflateInit2_(stream, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
            else {
                stream.deallocate()
                Glibc.close(descriptor)
                throw Failure.compression(path)
            }
            self.stream = stream
            compressed = [UInt8](repeating: 0, count: flushSize)
        }
        for (index, name) in header.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            buffer.append(contentsOf: name.utf8)
        }
        buffer.append(0x0A)
    }

    @inline(__always) private func separate() {
        if !atRowStart { buffer.append(0x2C) }
        atRowStart = false
    }

    func field(_ text: String) {
        separate()
        buffer.append(contentsOf: text.utf8)
    }

    /// Free text: quoted when it contains a comma, a quote or a line break.
    func text(_ value: String) {
        separate()
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            buffer.append(contentsOf: value.utf8)
            return
        }
        buffer.append(0x22)
        for byte in value.utf8 {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }

    func field(_ value: Int) {
        separate()
        appendDigits(value)
    }

    /// A non-negative amount with two decimals, as money is written.
    func field(cents value: Double) {
        separate()
        let cents = Int((max(0, value) * 100).rounded())
        appendDigits(cents / 100)
        buffer.append(0x2E)
        buffer.append(UInt8(0x30 + (cents / 10) % 10))
        buffer.append(UInt8(0x30 + cents % 10))
    }

    /// A subscriber's (or external party's) number from the city's table.
    func field(number index: Int, from table: NumberTable) {
        separate()
        table.append(index, to: &buffer)
    }

    /// A local time in China Standard Time: `2026-11-02T08:20:13+08:00`.
    func field(day: Int, second: Int) {
        separate()
        let date = CivilDate(daysSinceEpoch: day)
        appendDigits(date.year)
        for part in [date.month, date.day] {
            buffer.append(0x2D)
            buffer.append(UInt8(0x30 + part / 10))
            buffer.append(UInt8(0x30 + part % 10))
        }
        buffer.append(0x54)
        for (position, part) in [second / 3600, second / 60 % 60, second % 60].enumerated() {
            if position > 0 { buffer.append(0x3A) }
            buffer.append(UInt8(0x30 + part / 10))
            buffer.append(UInt8(0x30 + part % 10))
        }
        buffer.append(contentsOf: [0x2B, 0x30, 0x38, 0x3A, 0x30, 0x30])
    }

    /// An empty optional field.
    func empty() { separate() }

    @inline(__always) private func appendDigits(_ value: Int) {
        if value < 0 {
            buffer.append(0x2D)
            appendDigits(-value)
            return
        }
        if value >= 10 { appendDigits(value / 10) }
        buffer.append(UInt8(0x30 + value % 10))
    }

    /// Whole lines assembled by the caller.
    func raw(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if stream == nil {
            try flush(final: false)
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= flushSize { try flush(final: false) }
        }
    }

    func endRow() throws {
        buffer.append(0x0A)
        atRowStart = true
        if buffer.count >= flushSize { try flush(final: false) }
    }

    private func flush(final: Bool) throws {
        if stream != nil {
            try deflateBuffer(final: final)
        } else {
            try writeAll(buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func deflateBuffer(final: Bool) throws {
        try buffer.withUnsafeMutableBufferPointer { input in
            try compressed.withUnsafeMutableBufferPointer { output in
                stream!.pointee.next_in = input.baseAddress
                stream!.pointee.avail_in = UInt32(input.count)
                while true {
                    stream!.pointee.next_out = output.baseAddress
                    stream!.pointee.avail_out = UInt32(output.count)
                    let status = deflate(stream!, final ? Z_FINISH : Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw Failure.compression(path) }
                    try writeAll(UnsafeBufferPointer(rebasing: output[0..<(output.count - Int(stream!.pointee.avail_out))]))
                    if final ? status == Z_STREAM_END : (stream!.pointee.avail_in == 0 && stream!.pointee.avail_out != 0) { break }
                }
            }
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try writeAll($0) }
    }

    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure.cannotWrite(path, String(cString: strerror(errno)))
            }
            offset += written
        }
        bytesWritten += bytes.count
    }

    /// Writes what is buffered, finishes the gzip stream and closes the file.
    func close() throws {
        defer {
            if let stream {
                deflateEnd(stream)
                stream.deallocate()
            }
            Glibc.close(descriptor)
        }
        try flush(final: true)
    }
}
