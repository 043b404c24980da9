import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain input file mapped into memory, read-only.
///
/// Record files are read once, front to back; mapping them lets the parsers work on the
/// page cache directly instead of copying every chunk into freshly allocated memory.
///
/// `@unchecked Sendable`: the mapping is read-only and lives until the last chunk that
/// refers to it is gone, so threads can read it concurrently.
final class MappedFile: @unchecked Sendable {
    let base: UnsafePointer<UInt8>?
    let count: Int

    init(url: URL, name: String) throws(IngestError) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadableFile(file: name, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw .unreadableFile(file: name, reason: String(cString: strerror(errno)))
        }
        count = Int(status.st_size)
        guard count > 0 else {
            base = nil
            return
        }
        let mapping = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapping, mapping != MAP_FAILED else {
            throw .unreadableFile(file: name, reason: String(cString: strerror(errno)))
        }
        madvise(mapping, count, MADV_SEQUENTIAL)
        base = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
    }

    /// Drops the pages wholly inside `range` from this process's memory once they are
    /// parsed. They stay in the page cache; without this, every page read would count as the
    /// process's own memory and its footprint would grow with the file.
    func discard(_ range: Range<Int>) {
        guard let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }
}
