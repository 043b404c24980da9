/// Builds and reads a workspace's panorama.
///
/// It owns the build (full or incremental: which segments to read, partitions in parallel,
/// the generation written beside the current one and committed at the end), the binary
/// files of a generation (`StateFile`, `BuildDictionary`), and reading them back for
/// `profile` and `export` (`PanoramaReader`, `SubscriberView`). The per-subscriber work is
/// `PanoramaEngine`'s; the files and the manifest live in the workspace (`PanoramaStore`).
enum PanoramaBuild {}
