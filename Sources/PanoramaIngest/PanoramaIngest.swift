/// Reading the operator's files: validation, rejected rows, and loading into a workspace.
///
/// `PanoramaIngest` owns the input format described in `docs/data-contracts.md`: it finds
/// the files of an input directory, reads CSV (plain or gzip) byte by byte, validates every
/// row against its contract and against the other files, reports each rejected row with
/// file, line and reason, and hands accepted rows to the store inside one
/// `WorkspaceUpdate`. Location and interaction records take a separate parallel path that
/// never builds a `String` per row.
public enum PanoramaIngest {}
