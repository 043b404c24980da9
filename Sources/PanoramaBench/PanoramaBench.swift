/// Benchmarks that measure Panorama as a user runs it, in a release build.
///
/// `PanoramaBench` generates its inputs with `PanoramaSimulation`, runs the real
/// `panorama` commands in child processes (so each measurement has its own peak memory,
/// read from the kernel), and reports throughput and peak resident memory. Nothing here
/// is used by the product itself.
public enum PanoramaBench {}
