import Foundation
import PanoramaModel

/// The settings of a workspace, kept as `panorama.json` beside its database.
///
/// These are the choices that must stay fixed for the life of a workspace (the format
/// version, the partition count, the city's UTC offset) and the defaults a user may tune
/// between runs (the rejected-row threshold, the radiation radius).
public struct WorkspaceConfiguration: Codable, Sendable, Equatable {
    /// The on-disk format this workspace was written in.
    public var formatVersion: Int
    /// The offset from UTC of the city's local time.
    public var utcOffset: UTCOffset
    /// How many partitions records are split into by subscriber; fixed at creation.
    public var partitions: Int
    /// Largest share of a file's rows that may be rejected before the ingest fails.
    public var maxRejectedShare: Double
    /// Default radius of a store's radiation area, in metres.
    public var radiationRadiusMeters: Double
    /// Value tiers, ARPU bands and lifecycle thresholds; absent means the defaults.
    public var value: ValueSettings?

    /// The value settings in force.
    public var valueSettings: ValueSettings { value ?? ValueSettings() }

    public init(
        formatVersion: Int = PanoramaModel.workspaceFormatVersion,
        utcOffset: UTCOffset = .chinaStandardTime,
        partitions: Int = 64,
        maxRejectedShare: Double = 0.01,
        radiationRadiusMeters: Double = 2000
    ) {
        self.formatVersion = formatVersion
        self.utcOffset = utcOffset
        self.partitions = partitions
        self.maxRejectedShare = maxRejectedShare
        self.radiationRadiusMeters = radiationRadiusMeters
    }

    /// Checks the values a user can edit, so a typo in the file is caught before any work.
    public func validate() throws(WorkspaceError) {
        guard (1...4096).contains(partitions) else {
            throw .invalidConfiguration("partitions must be between 1 and 4096, not \(partitions)")
        }
        guard maxRejectedShare.isFinite, (0...1).contains(maxRejectedShare) else {
            throw .invalidConfiguration("maxRejectedShare must be between 0 and 1, not \(maxRejectedShare)")
        }
        guard radiationRadiusMeters.isFinite, radiationRadiusMeters > 0 else {
            throw .invalidConfiguration("radiationRadiusMeters must be a positive number of metres")
        }
        if let problem = value?.problem { throw .invalidConfiguration(problem) }
    }
}
