import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Where a command writes rows: standard output, or a file that appears only once it is
/// complete (written beside it under a temporary name, then renamed), so a failed run
/// never leaves half a file where a whole one was expected. A file that holds full
/// subscriber numbers (`--reveal`) is readable by its owner only, like the workspace's secret.
enum OutputFile {
    /// Calls `body` with a function that writes text; returns what `body` returns.
    static func write<Result>(
        to path: String?, holdingNumbers: Bool = false, _ body: (_ write: (String) -> Void) throws -> Result
    ) throws -> Result {
        guard let path else { return try body { FileHandle.standardOutput.write(Data($0.utf8)) } }
        let url = URL(fileURLWithPath: path)
        let staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        let permissions: [FileAttributeKey: Any]? = holdingNumbers ? [.posixPermissions: 0o600] : nil
        guard FileManager.default.createFile(atPath: staging.path, contents: nil, attributes: permissions),
            let handle = FileHandle(forWritingAtPath: staging.path)
        else {
            throw CommandFailure("Cannot write \(path): check that its directory exists and is writable.")
        }
        do {
            let result = try body { handle.write(Data($0.utf8)) }
            try handle.close()
            if rename(staging.path, url.path) != 0 {
                throw CommandFailure("Cannot write \(path): \(String(cString: strerror(errno))).")
            }
            return result
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }
}
