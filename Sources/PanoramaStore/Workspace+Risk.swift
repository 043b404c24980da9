import Foundation

extension Workspace {
    /// Replaces the risk model file with `contents`: written beside it, then renamed, so a
    /// failed write leaves the previous model in place.
    public func writeRiskModel(_ contents: Data) throws(WorkspaceError) {
        let url = layout.riskModel
        let directory = url.deletingLastPathComponent()
        let staging = directory.appendingPathComponent(".model.json.partial")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try contents.write(to: staging)
        } catch {
            throw .io(path: staging.path, reason: error.localizedDescription)
        }
        guard rename(staging.path, url.path) == 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
    }

    /// The risk model file, or `nil` before the first training.
    public func riskModel() throws(WorkspaceError) -> Data? {
        try WholeFile.read(layout.riskModel).map { Data($0) }
    }
}
