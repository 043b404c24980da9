import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock on a workspace, held while it is being changed.
///
/// The kernel releases an `flock` when its process dies, even by `kill -9`, so a crashed
/// ingest never leaves a workspace locked.
final class WorkspaceLock {
    private let descriptor: Int32

    init(at url: URL, workspace: String) throws(WorkspaceError) {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .io(path: url.path, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .busy(path: workspace)
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
