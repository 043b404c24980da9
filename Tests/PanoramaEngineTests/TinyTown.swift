import PanoramaModel

@testable import PanoramaEngine

/// A town of eight cells on a north–south line, 900 m apart, with a home estate, an office,
/// a hospital and a stadium holding one football match, and a way to write a subscriber's
/// days as records.
struct TinyTown {
    static let offset = UTCOffset.chinaStandardTime
    /// Monday 2026-11-02.
    static let monday = CivilDate(year: 2026, month: 11, day: 2)!.daysSinceEpoch

    static func coordinate(_ cell: Int) -> Coordinate { Coordinate(latitude: 23.1 + Double(cell) * 0.0081, longitude: 113.3) }

    static let regions = [
        Region(id: "BR-1", name: "Branch", level: .branch, parent: nil),
        Region(id: "MC-1", name: "Center", level: .center, parent: "BR-1"),
        Region(id: "AR-1", name: "Area", level: .area, parent: "MC-1"),
        Region(id: "ST-1", name: "North Store", level: .store, parent: "AR-1", coordinate: coordinate(0), radiationRadiusMeters: 1_000),
        Region(id: "ST-2", name: "South Store", level: .store, parent: "AR-1", coordinate: coordinate(5), radiationRadiusMeters: 1_000),
    ]

    static let cells = (0..<8).map { Cell(id: "C\($0)", site: "S\($0)", coordinate: coordinate($0), store: $0 < 3 ? "ST-1" : "ST-2") }

    static let places = [
        Place(id: "EST-1", name: "Pine Court", type: .residentialEstate, coordinate: coordinate(0), radiusMeters: 200, coveringCells: ["C0"], attributes: ["price_tier": "high"]),
        Place(id: "HOS-1", name: "City Hospital", type: .generalHospital, coordinate: coordinate(2), radiusMeters: 200, coveringCells: ["C2"], attributes: [:]),
        Place(id: "OFC-1", name: "Tower One", type: .officeTower, coordinate: coordinate(4), radiusMeters: 80, coveringCells: ["C4"], attributes: [:]),
        Place(id: "STA-1", name: "Stadium", type: .stadium, coordinate: coordinate(6), radiusMeters: 300, coveringCells: ["C6"], attributes: [:]),
        Place(id: "SUB-1", name: "North Station", type: .subwayStation, coordinate: coordinate(1), radiusMeters: 100, coveringCells: ["C1"], attributes: [:]),
        Place(id: "SUB-2", name: "South Station", type: .subwayStation, coordinate: coordinate(5), radiusMeters: 100, coveringCells: ["C5"], attributes: [:]),
        // No covering cells given: the cells serving its disc stand in for them.
        Place(id: "CIN-1", name: "Riverside Cinema", type: .cinema, coordinate: coordinate(7), radiusMeters: 60, coveringCells: [], attributes: [:]),
    ]

    /// The match: Wednesday 19:30–21:30 local.
    static let match = Event(
        id: "EV-1", name: "Derby", place: "STA-1", start: seconds(day: monday + 2, hour: 19.5), end: seconds(day: monday + 2, hour: 21.5),
        category: ["sport", "football"])

    static func seconds(day: Int, hour: Double) -> Int64 { Int64(day) * 86_400 + Int64(hour * 3600) - Int64(offset.seconds) }

    static let reference = ReferenceIndex(
        cells: cells, regions: regions, places: places, events: [match], offset: offset, defaultRadiationMeters: 2_000)

    /// The town's reference data with more places, for a test about places sharing cells.
    static func reference(adding extra: [Place]) -> ReferenceIndex {
        ReferenceIndex(cells: cells, regions: regions, places: places + extra, events: [match], offset: offset, defaultRadiationMeters: 2_000)
    }

    static func compiled(_ catalog: TagCatalog) -> CompiledCatalog { CompiledCatalog(catalog, reference: reference) }

    /// One record of subscriber 0 in `cell` at a local hour of a day.
    static func record(_ day: Int, _ hour: Double, _ cell: UInt32, subscriber: UInt32 = 0) -> LocationRecord {
        LocationRecord(subscriber: subscriber, time: UInt32(seconds(day: day, hour: hour)), cell: cell)
    }

    /// A week of an office worker: nights at home (C0), weekdays at the office (C4), a
    /// hospital visit on Saturday morning (C2) and the match on Wednesday evening (C6).
    static func officeWorkerWeek(subscriber: UInt32 = 0) -> [LocationRecord] {
        var records: [LocationRecord] = []
        for day in monday..<(monday + 7) {
            let weekday = day - monday
            for hour in stride(from: 0.25, to: 7.5, by: 1.0) { records.append(record(day, hour, 0, subscriber: subscriber)) }
            if weekday < 5 {
                records.append(record(day, 8.6, 2, subscriber: subscriber))
                for hour in stride(from: 8.75, to: 17.5, by: 1.0) { records.append(record(day, hour, 4, subscriber: subscriber)) }
            } else if weekday == 5 {
                for hour in [9.0, 9.6, 10.3] { records.append(record(day, hour, 2, subscriber: subscriber)) }
            }
            if weekday == 2 {
                for hour in [19.2, 20.0, 20.8, 21.4] { records.append(record(day, hour, 6, subscriber: subscriber)) }
                records.append(record(day, 22.2, 0, subscriber: subscriber))
            } else {
                for hour in stride(from: 18.25, to: 24, by: 1.0) { records.append(record(day, hour, 0, subscriber: subscriber)) }
            }
        }
        return records
    }

    /// Runs the pipeline over records of partition 0 of 1 and assembles as of the last day.
    static func panorama(
        _ records: [LocationRecord], catalog: TagCatalog, reference: ReferenceIndex = reference, asOf: Int = monday + 6
    ) -> [SubscriberState] {
        var pass = PartitionPass(reference: reference, compiled: CompiledCatalog(catalog, reference: reference))
        var states: [SubscriberState] = []
        pass.add(records, partition: 0, partitions: 1, to: &states)
        pass.assemble(&states, asOf: asOf)
        return states
    }

    /// The id of an anchor's place, or its cell when it has none.
    static func placeID(of anchor: Anchor?, in reference: ReferenceIndex) -> String? {
        anchor.map { $0.place >= 0 ? reference.places[Int($0.place)].id : "cell C\($0.cell)" }
    }

    static func tagPaths(
        _ state: SubscriberState, _ catalog: TagCatalog, status: TagStatus = .active, reference: ReferenceIndex = reference
    ) -> [String] {
        let compiled = CompiledCatalog(catalog, reference: reference)
        return state.tags.filter { $0.status == status }.map { compiled.paths[Int($0.path)] }.sorted()
    }
}
