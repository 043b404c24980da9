import PanoramaModel

/// The two large record streams, each stored as compact segments rather than rows.
public enum RecordVolume: String, Sendable, CaseIterable, Codable {
    case location
    case interaction

    /// Size in bytes of one record on disk.
    public var recordSize: Int {
        switch self {
        case .location: MemoryLayout<LocationRecord>.stride
        case .interaction: MemoryLayout<InteractionRecord>.stride
        }
    }

    var code: UInt32 {
        switch self {
        case .location: 1
        case .interaction: 2
        }
    }
}

/// A record kind that lives in segments: fixed size, partitioned by one subscriber index.
public protocol SegmentRecord: BitwiseCopyable, Sendable {
    /// The volume whose segments hold this kind of record.
    static var volume: RecordVolume { get }
    /// The subscriber whose partition the record belongs to.
    var partitionKey: UInt32 { get }
    /// Seconds since the Unix epoch; segments track their time range for incremental builds.
    var time: UInt32 { get }
}

extension LocationRecord: SegmentRecord {
    public static var volume: RecordVolume { .location }
    @inlinable public var partitionKey: UInt32 { subscriber }
}

extension InteractionRecord: SegmentRecord {
    public static var volume: RecordVolume { .interaction }
    @inlinable public var partitionKey: UInt32 { owner }
}
