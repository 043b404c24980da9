/// Data that needs no operator: generated inputs in the format of the data contracts.
///
/// `PanoramaSimulation` writes CSV files that `PanoramaIngest` reads, deterministically
/// from a seed: today a small sample city for the demo and the tests, and streams of
/// synthetic location records for the ingest benchmark. It depends only on the model,
/// never on the store, so what it writes is exactly what a user could bring.
public enum PanoramaSimulation {}
