/// The domain values every other Panorama module speaks in.
///
/// `PanoramaModel` owns the vocabulary of the product — region levels, place types,
/// pseudonyms, record layouts, calendar arithmetic — and nothing that does I/O, so the
/// same values can travel unchanged from ingest through the engine to the dashboard.
public enum PanoramaModel {
    /// The version of the on-disk workspace format this build reads and writes.
    ///
    /// Raised whenever the layout of the database or the record segments changes
    /// incompatibly, so that an older binary refuses a newer workspace instead of
    /// misreading it.
    public static let workspaceFormatVersion = 1
}
