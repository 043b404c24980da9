import Foundation

/// A directory under the system's temporary directory, removed when the test ends.
///
/// Shared by the test targets (this is a support library, not a test target), so every
/// test that touches the file system cleans up after itself the same way.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the directory.
    public func path(_ component: String) -> URL { url.appendingPathComponent(component) }
}
