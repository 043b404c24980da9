/// The panorama engine: from one subscriber's location records and the reference data to
/// stays, visits, anchors and tags with evidence.
///
/// It owns the tag catalog (its file format, parsing and validation), the compiled
/// reference (`ReferenceIndex`: cells, stores, places and events as dense arrays), the
/// per-subscriber pipeline (`StayDetector`, `DayObserver`, `SubscriberState`,
/// `PanoramaAssembler`) and the partition step that runs it over a partition's records.
/// Everything here is a pure function of records, reference and catalog: it reads no
/// workspace and writes no file, so the same code can run inside any engine that
/// partitions by subscriber. `PanoramaBuild` feeds it from a workspace and stores what it
/// returns.
enum PanoramaEngine {}
