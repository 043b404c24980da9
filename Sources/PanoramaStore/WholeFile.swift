import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads and writes the files of a workspace whole, with plain system calls: generation
/// files of tens of megabytes go from disk into the caller's array, and from its buffer to
/// disk, without an intermediate `Data` copy.
public enum WholeFile {
    /// Creates (or replaces) `url` with `raw`.
    public static func write(_ raw: UnsafeRawBufferPointer, to url: URL) throws(WorkspaceError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try writeFully(fd, raw).throwing(path: url)
    }

    /// The bytes of `url`, or `nil` when there is no such file.
    public static func read(_ url: URL) throws(WorkspaceError) -> [UInt8]? {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 && errno == ENOENT { return nil }
        guard fd >= 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
        let size = Int(status.st_size)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            failure = readFully(fd, UnsafeMutableRawBufferPointer(buffer), at: 0)
            if failure == 0 { count = size }
        }
        try failure.throwing(path: url)
        return bytes
    }
}

/// Fills all of `raw` from `fd` starting at `offset`, retrying short reads; returns the
/// `errno` of a failure, `EIO` when the file ends first, or 0.
func readFully(_ fd: Int32, _ raw: UnsafeMutableRawBufferPointer, at offset: Int) -> Int32 {
    var done = 0
    while done < raw.count {
        let count = pread(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
        if count < 0 {
            if errno == EINTR { continue }
            return errno
        }
        if count == 0 { return EIO }
        done += count
    }
    return 0
}
