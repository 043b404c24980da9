import PanoramaModel

/// Runs the per-subscriber pipeline over one partition's new records.
///
/// Records arrive in any order. They are grouped by subscriber with a counting sort on the
/// subscriber's local index, each subscriber's run is put in time order (usually it
/// already is) with repeated records dropped (a feed sent twice must not count twice), cut
/// into local days, and each day is observed into the subscriber's state.
public struct PartitionPass {
    var observer: DayObserver
    var assembler: PanoramaAssembler

    public init(reference: ReferenceIndex, compiled: CompiledCatalog) {
        observer = DayObserver(reference: reference, compiled: compiled)
        assembler = PanoramaAssembler(reference: reference, compiled: compiled)
    }

    /// Adds `records` (all of partition `partition` of `partitions`) to `states`, indexed by
    /// local index `subscriber / partitions`; grows `states` as needed.
    public mutating func add(_ records: [LocationRecord], partition: Int, partitions: Int, to states: inout [SubscriberState]) {
        guard !records.isEmpty else { return }
        let divisor = UInt32(partitions)
        var localCount = states.count
        for record in records { localCount = max(localCount, Int(record.subscriber / divisor) + 1) }
        while states.count < localCount {
            states.append(SubscriberState(subscriber: UInt32(states.count) * divisor + UInt32(partition)))
        }
        var starts = [Int](repeating: 0, count: localCount + 1)
        for record in records { starts[Int(record.subscriber / divisor) + 1] += 1 }
        for index in 0..<localCount { starts[index + 1] += starts[index] }
        var cursor = starts
        var grouped = [LocationRecord](repeating: LocationRecord(subscriber: 0, time: 0, cell: 0), count: records.count)
        grouped.withUnsafeMutableBufferPointer { target in
            for record in records {
                let local = Int(record.subscriber / divisor)
                target[cursor[local]] = record
                cursor[local] += 1
            }
            for local in 0..<localCount where starts[local + 1] > starts[local] {
                let run = UnsafeMutableBufferPointer(rebasing: target[starts[local]..<starts[local + 1]])
                Self.putInTimeOrder(run)
                let unique = Self.dropRepeats(run)
                observeDays(UnsafeBufferPointer(rebasing: run[0..<unique]), into: &states[local])
            }
        }
    }

    /// Assembles every state's anchors and tags as of `asOf`.
    public mutating func assemble(_ states: inout [SubscriberState], asOf: Int) {
        for index in states.indices where !states[index].isEmpty { assembler.assemble(&states[index], asOf: asOf) }
    }

    /// Sorts by time, then cell, so that repeated records end up side by side.
    static func putInTimeOrder(_ run: UnsafeMutableBufferPointer<LocationRecord>) {
        var run = run
        var sorted = true
        var index = 1
        while index < run.count {
            if (run[index].time, run[index].cell) < (run[index - 1].time, run[index - 1].cell) {
                sorted = false
                break
            }
            index += 1
        }
        if !sorted { run.sort { ($0.time, $0.cell) < ($1.time, $1.cell) } }
    }

    /// Moves the distinct records of a sorted run to its front; returns how many there are.
    static func dropRepeats(_ run: UnsafeMutableBufferPointer<LocationRecord>) -> Int {
        guard run.count > 1 else { return run.count }
        var kept = 1
        for index in 1..<run.count where run[index].time != run[kept - 1].time || run[index].cell != run[kept - 1].cell {
            run[kept] = run[index]
            kept += 1
        }
        return kept
    }

    private mutating func observeDays(_ run: UnsafeBufferPointer<LocationRecord>, into state: inout SubscriberState) {
        let reference = observer.reference
        var start = 0
        var day = reference.localDay(run[0].time)
        for index in 1..<max(1, run.count) {
            let next = reference.localDay(run[index].time)
            if next != day {
                observer.observe(UnsafeBufferPointer(rebasing: run[start..<index]), day: day, into: &state)
                start = index
                day = next
            }
        }
        observer.observe(UnsafeBufferPointer(rebasing: run[start..<run.count]), day: day, into: &state)
    }
}
