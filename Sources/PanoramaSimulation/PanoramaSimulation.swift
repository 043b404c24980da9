/// Data that needs no operator: generated inputs in the format of the data contracts.
///
/// `PanoramaSimulation` writes CSV files that `PanoramaIngest` reads, deterministically
/// from a seed: the demo city (`DemoCity`), a synthetic Guangzhou whose people live their
/// days, with the hidden truth beside it so that the panorama's accuracy can be measured;
/// a tiny sample city with deliberately bad rows; and streams of synthetic location records
/// for the ingest benchmark. It depends only on the model, never on the store, so what it
/// writes is exactly what a user could bring.
public enum PanoramaSimulation {}
