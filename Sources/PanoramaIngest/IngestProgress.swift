import Foundation

/// Receives progress of an ingest; the command line draws it on a terminal.
public protocol IngestProgress: Sendable {
    /// A file has started; `size` is its size on disk in bytes.
    func started(file: String, size: Int)
    /// Part of the current file is done: bytes of the file on disk, and lines read.
    func advanced(file: String, fileBytes: Int, size: Int, lines: Int)
    /// The file is done.
    func finished(_ report: FileReport)
}

/// Progress that goes nowhere, for tests and library use.
public struct SilentProgress: IngestProgress {
    public init() {}
    public func started(file: String, size: Int) {}
    public func advanced(file: String, fileBytes: Int, size: Int, lines: Int) {}
    public func finished(_ report: FileReport) {}
}

/// Binds a progress sink to one file.
struct FileProgress: Sendable {
    let sink: any IngestProgress
    let file: String
    let size: Int

    func advance(fileBytes: Int, lines: Int) {
        sink.advanced(file: file, fileBytes: fileBytes, size: size, lines: lines)
    }
}
