import Foundation
import GRDB
import PanoramaModel

extension Workspace {
    /// Runs one change of the workspace so that it commits whole or not at all.
    ///
    /// The change holds the workspace lock, runs in one SQLite transaction, and writes its
    /// record segments under names that only the committed manifest makes visible. If
    /// `body` throws — or the process dies — the database rolls back, the new segments are
    /// removed (now, or by the next update after a crash) and the workspace is as it was.
    /// Rejected-row reports that `body` wrote into `update.rejectsDirectory` replace
    /// `rejects/` on success and go to `rejects/last-failed/` on failure, so the user can
    /// always see why rows were refused.
    @discardableResult
    public func update<T>(input: String, _ body: (WorkspaceUpdate) throws -> T) throws -> T {
        let lock = try WorkspaceLock(at: layout.lock, workspace: layout.root.path)
        defer { withExtendedLifetime(lock) {} }
        try removeLeftovers()
        let token = String(UInt64.random(in: .min ... .max), radix: 36)
        let staging = layout.staging(token: token)
        let stagedRejects = staging.appendingPathComponent("rejects")
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: stagedRejects, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError.io(path: staging.path, reason: error.localizedDescription)
        }
        defer { try? fileManager.removeItem(at: staging) }
        var update: WorkspaceUpdate?
        do {
            let result = try database.inDatabase { db in
                var result: T?
                try db.inTransaction {
                    let opened = try WorkspaceUpdate(
                        db: db, workspace: self, input: input, token: token, rejectsDirectory: stagedRejects)
                    update = opened
                    result = try body(opened)
                    try opened.complete()
                    return .commit
                }
                return result!
            }
            replaceDirectory(at: layout.rejects, with: stagedRejects)
            return result
        } catch {
            update?.discardWrittenFiles()
            replaceDirectory(at: layout.failedRejects, with: stagedRejects)
            throw error
        }
    }

    /// Removes what a killed update may have left: staging directories and segment files
    /// that no committed manifest lists.
    private func removeLeftovers() throws {
        let fileManager = FileManager.default
        let entries = (try? fileManager.contentsOfDirectory(atPath: layout.root.path)) ?? []
        for entry in entries where entry.hasPrefix(".staging-") {
            try? fileManager.removeItem(at: layout.root.appendingPathComponent(entry))
        }
        let listed = Set(try database.read { db in try String.fetchAll(db, sql: "SELECT file FROM record_segment") })
        guard let walker = fileManager.enumerator(atPath: layout.records.path) else { return }
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".seg") && !listed.contains(relative) {
                try? fileManager.removeItem(at: layout.records.appendingPathComponent(relative))
            }
        }
    }

    /// Puts the reports of a run at `target`, replacing whatever an earlier run left there.
    private func replaceDirectory(at target: URL, with source: URL) {
        let fileManager = FileManager.default
        let reports = (try? fileManager.contentsOfDirectory(atPath: source.path)) ?? []
        try? fileManager.removeItem(at: target)
        try? fileManager.createDirectory(at: target, withIntermediateDirectories: true)
        for report in reports {
            try? fileManager.moveItem(
                at: source.appendingPathComponent(report), to: target.appendingPathComponent(report))
        }
    }
}
