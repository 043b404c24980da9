import Foundation

/// Where each part of a workspace lives inside its directory.
///
/// ```
/// <workspace>/panorama.json      configuration (WorkspaceConfiguration)
/// <workspace>/secret.key         32 random bytes, owner-only; keys the pseudonyms
/// <workspace>/panorama.sqlite    reference and customer data, segment manifest
/// <workspace>/records/<volume>/pNNN/*.seg   compact records, partitioned by subscriber
/// <workspace>/rejects/           rejected rows of the last committed ingest
/// <workspace>/panorama/gNNNNNN/   the panorama of build N (opaque to the store), and catalog.yaml
/// <workspace>/risk/model.json    the trained churn and downgrade models (opaque to the store)
/// <workspace>/.lock              held by the one process allowed to change the workspace
/// ```
public struct WorkspaceLayout: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public var configuration: URL { root.appendingPathComponent("panorama.json") }
    public var secret: URL { root.appendingPathComponent("secret.key") }
    public var database: URL { root.appendingPathComponent("panorama.sqlite") }
    public var records: URL { root.appendingPathComponent("records") }
    public var rejects: URL { root.appendingPathComponent("rejects") }
    /// Rejected rows of the last ingest that failed, kept so the user can fix the data.
    public var failedRejects: URL { rejects.appendingPathComponent("last-failed") }
    public var lock: URL { root.appendingPathComponent(".lock") }
    /// Built panoramas, one directory per build generation.
    public var panorama: URL { root.appendingPathComponent("panorama") }
    /// The catalog the workspace was last built with.
    public var catalog: URL { panorama.appendingPathComponent("catalog.yaml") }

    /// The trained risk models.
    public var riskModel: URL { root.appendingPathComponent("risk").appendingPathComponent("model.json") }

    /// The directory of one build's panorama.
    public func generation(_ build: Int) -> URL {
        let digits = String(build)
        return panorama.appendingPathComponent("g" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits)
    }

    /// A scratch directory for one update; anything left here by a killed run is removed.
    func staging(token: String) -> URL { root.appendingPathComponent(".staging-\(token)") }

    /// The directory holding one partition of one record volume.
    func partitionDirectory(volume: RecordVolume, partition: Int) -> URL {
        records.appendingPathComponent(volume.rawValue).appendingPathComponent(
            "p" + String(repeating: "0", count: max(0, 4 - String(partition).count)) + String(partition))
    }
}
