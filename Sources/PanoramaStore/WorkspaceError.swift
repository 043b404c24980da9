import PanoramaModel

/// Why a workspace could not be created, opened or changed.
public enum WorkspaceError: UserFacingError, Equatable {
    case notAWorkspace(path: String)
    case alreadyExists(path: String)
    case newerFormat(path: String, found: Int, supported: Int)
    case invalidConfiguration(String)
    case unreadableSecret(path: String, reason: String)
    case busy(path: String)
    case corruptSegment(path: String, reason: String)
    case numberTooLong(length: Int)
    case pseudonymCollision
    case io(path: String, reason: String)
    case database(String)

    public var userMessage: String {
        switch self {
        case .notAWorkspace(let path):
            "\(path) is not a Panorama workspace; create one with `panorama init \(path)`."
        case .alreadyExists(let path):
            "\(path) already exists and is not empty; choose a new directory for the workspace."
        case .newerFormat(let path, let found, let supported):
            "The workspace at \(path) has format version \(found), newer than the \(supported) this panorama reads; upgrade panorama to open it."
        case .invalidConfiguration(let reason):
            "The workspace configuration (panorama.json) is invalid: \(reason)."
        case .unreadableSecret(let path, let reason):
            "The workspace secret \(path) cannot be used: \(reason). Without it pseudonyms cannot be computed."
        case .busy(let path):
            "Another panorama process is changing the workspace at \(path); wait for it to finish."
        case .corruptSegment(let path, let reason):
            "The record segment \(path) is damaged: \(reason)."
        case .numberTooLong(let length):
            "A subscriber number of \(length) characters is longer than the 32 Panorama accepts."
        case .pseudonymCollision:
            "Two different numbers produced the same pseudonym; this should never happen, please report it."
        case .io(let path, let reason):
            "Cannot write \(path): \(reason)."
        case .database(let reason):
            "The workspace database failed: \(reason)."
        }
    }
}
