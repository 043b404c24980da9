/// The workspace: where a panorama lives on disk, and the only module that writes it.
///
/// `PanoramaStore` owns the workspace directory — its configuration file, the
/// per-workspace secret, the SQLite database (through GRDB) with its schema and
/// migrations, and the compact record segments that hold location and interaction
/// records partitioned by subscriber. It owns the privacy rules too: numbers enter
/// through the `Pseudonymizer` and leave only masked or through an explicit reveal.
/// Every change goes through a `WorkspaceUpdate`, which commits whole or not at all.
public enum PanoramaStore {}
