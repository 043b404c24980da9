import Foundation
import GRDB
import PanoramaModel

#if canImport(Glibc)
    import Glibc
#endif

/// An open workspace: its configuration, its secret-derived pseudonymizer and its database.
///
/// Open one with `Workspace(opening:)`, create one with `Workspace.create(at:configuration:)`.
/// Reads are available directly; every change goes through `update(input:_:)`.
///
/// ```swift
/// let workspace = try Workspace.create(at: URL(fileURLWithPath: "city.panorama"))
/// try workspace.update(input: "sample") { update in try update.save(region) }
/// ```
public final class Workspace: Sendable {
    public let layout: WorkspaceLayout
    public let configuration: WorkspaceConfiguration
    public let pseudonymizer: Pseudonymizer
    let database: DatabaseQueue

    /// Opens an existing workspace, refusing one written by a newer panorama.
    public init(opening url: URL) throws(WorkspaceError) {
        let layout = WorkspaceLayout(root: url)
        let displayPath = url.path
        guard FileManager.default.fileExists(atPath: layout.configuration.path) else {
            throw .notAWorkspace(path: displayPath)
        }
        let configuration = try Self.readConfiguration(layout: layout, displayPath: displayPath)
        let secret = try Self.readSecret(at: layout.secret)
        guard FileManager.default.fileExists(atPath: layout.database.path) else {
            throw .notAWorkspace(path: displayPath)
        }
        self.layout = layout
        self.configuration = configuration
        self.pseudonymizer = Pseudonymizer(secret: secret)
        self.database = try Self.openDatabase(at: layout.database)
    }

    /// Creates a workspace in a new or empty directory.
    ///
    /// Everything is assembled in a hidden sibling directory and renamed into place, so an
    /// interrupted `init` never leaves a half-made workspace behind.
    @discardableResult
    public static func create(
        at url: URL, configuration: WorkspaceConfiguration = WorkspaceConfiguration()
    ) throws(WorkspaceError) -> Workspace {
        try configuration.validate()
        let target = url.standardizedFileURL
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            let contents = (try? fileManager.contentsOfDirectory(atPath: target.path)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else { throw .alreadyExists(path: url.path) }
        }
        let parent = target.deletingLastPathComponent()
        guard fileManager.fileExists(atPath: parent.path) else {
            throw .io(path: url.path, reason: "its parent directory \(parent.path) does not exist")
        }
        let scratch = parent.appendingPathComponent(".\(target.lastPathComponent).init-\(getpid())")
        try? fileManager.removeItem(at: scratch)
        do {
            try fileManager.createDirectory(at: scratch, withIntermediateDirectories: false)
            let layout = WorkspaceLayout(root: scratch)
            try writeSecret(Pseudonymizer.makeSecret(), to: layout.secret)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(configuration).write(to: layout.configuration)
            try fileManager.createDirectory(at: layout.records, withIntermediateDirectories: false)
            try fileManager.createDirectory(at: layout.rejects, withIntermediateDirectories: false)
            let database = try openDatabase(at: layout.database)
            try database.close()
            if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
            try fileManager.moveItem(at: scratch, to: target)
        } catch let error as WorkspaceError {
            try? fileManager.removeItem(at: scratch)
            throw error
        } catch {
            try? fileManager.removeItem(at: scratch)
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        return try Workspace(opening: target)
    }

    private static func readConfiguration(
        layout: WorkspaceLayout, displayPath: String
    ) throws(WorkspaceError) -> WorkspaceConfiguration {
        let data: Data
        do { data = try Data(contentsOf: layout.configuration) } catch {
            throw .notAWorkspace(path: displayPath)
        }
        struct VersionOnly: Decodable { var formatVersion: Int }
        guard let version = try? JSONDecoder().decode(VersionOnly.self, from: data) else {
            throw .invalidConfiguration("it is not JSON with a formatVersion")
        }
        guard version.formatVersion <= PanoramaModel.workspaceFormatVersion else {
            throw .newerFormat(
                path: displayPath, found: version.formatVersion, supported: PanoramaModel.workspaceFormatVersion)
        }
        let configuration: WorkspaceConfiguration
        do { configuration = try JSONDecoder().decode(WorkspaceConfiguration.self, from: data) } catch {
            throw .invalidConfiguration(String(describing: error))
        }
        try configuration.validate()
        return configuration
    }

    private static func writeSecret(_ secret: [UInt8], to url: URL) throws(WorkspaceError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try secret.withUnsafeBytes { raw in writeFully(fd, raw) }.throwing(path: url)
        guard fsync(fd) == 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
    }

    private static func readSecret(at url: URL) throws(WorkspaceError) -> [UInt8] {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw .unreadableSecret(path: url.path, reason: "it is missing")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw .unreadableSecret(
                path: url.path, reason: "other users may read it; restrict it with `chmod 600 \(url.path)`")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadableSecret(path: url.path, reason: "it cannot be read")
        }
        guard data.count == Pseudonymizer.secretByteCount else {
            throw .unreadableSecret(path: url.path, reason: "it has \(data.count) bytes instead of 32")
        }
        return Array(data)
    }

    private static func openDatabase(at url: URL) throws(WorkspaceError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // A 256 MiB page cache (allocated only as used) keeps the pseudonym index of
            // millions of subscribers in memory while they are inserted in random order.
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;")
        }
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            try Schema.migrator.migrate(queue)
            return queue
        } catch {
            throw .database(String(describing: error))
        }
    }
}
