import Foundation

/// Writes a CSV file through a large buffer, so generators can emit millions of rows fast.
public final class CSVFileWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let flushSize = 4 << 20
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) the file and writes the header row.
    public init(url: URL, header: [String]) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(flushSize + 4096)
        row(header)
    }

    /// Appends one row; fields containing commas, quotes or newlines are quoted.
    public func row(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            if field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A }) {
                buffer.append(0x22)
                for byte in field.utf8 {
                    if byte == 0x22 { buffer.append(0x22) }
                    buffer.append(byte)
                }
                buffer.append(0x22)
            } else {
                buffer.append(contentsOf: field.utf8)
            }
        }
        buffer.append(0x0A)
        if buffer.count >= flushSize { flush() }
    }

    /// Appends raw bytes that already form whole lines.
    public func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushSize { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file.
    public func close() throws {
        flush()
        try handle.close()
    }
}
