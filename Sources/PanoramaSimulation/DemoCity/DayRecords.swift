import Foundation
import PanoramaModel

/// What one generated day contributes to the truth and the summary.
struct DayOutcome: Sendable {
    var day: Int
    /// Per person, the `DayPlan.Observed` bits of the day.
    var observed: [UInt16]
    var attendance: [(person: Int32, event: Int32, fan: Bool)] = []
    var locationRecords = 0
    var interactionRecords = 0
    /// People on the network with a phone that logged at least one record.
    var peopleSeen = 0
    /// People-days by records logged (the last count is 500 and more).
    var recordsPerPerson = [Int](repeating: 0, count: 501)
    var bytes = 0
}

/// Writes one day of location and interaction records, as a network logs them: in time
/// order across everyone.
///
/// Each person's day is planned (`DayPlanner`) and turned into records: an arrival record
/// where a stay begins, periodic location updates, activity at a rate that follows the
/// hour and the person, handovers at cell changes along each trip, ping-pong to the
/// neighbouring cell while at rest; phones off at night for some, random gaps, whole days
/// away. Records are packed into 64-bit keys by hour and counting-sorted by second.
struct DayRecords {
    let city: CityModel
    let day: Int
    let gzip: Bool

    /// Activity records per hour of the day for a person of activity 1.
    static let hourlyActivity: [Double] = [0.25, 0.12, 0.08, 0.08, 0.08, 0.15, 0.5, 1.0, 1.2, 1.1, 1.05, 1.1, 1.45, 1.2, 1.05, 1.05, 1.1, 1.3, 1.45, 1.6, 1.6, 1.45, 1.05, 0.55]
    static let peakActivity = hourlyActivity.max() ?? 1
    /// How often a call or text starts in each hour (relative).
    static let hourlyCalls: [Double] = [0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.2, 0.6, 1, 1.2, 1.2, 1.2, 1.3, 1.1, 1.1, 1.1, 1.2, 1.4, 1.6, 1.8, 1.8, 1.5, 1, 0.4]
    static let pingPongShare = 0.12
    static let handoverLogged = 0.35
    static let arrivalLogged = 0.85

    func write(to directory: URL) throws -> DayOutcome {
        let n = city.population.count
        var outcome = DayOutcome(day: day, observed: [UInt16](repeating: 0, count: n))
        var buckets = [[UInt64]](repeating: [], count: 24)
        for hour in 0..<24 { buckets[hour].reserveCapacity(n * 2) }
        for person in 0..<n where city.isActive(person, on: day) {
            var planner = DayPlanner(city: city, person: person, day: day)
            let plan = planner.make()
            outcome.observed[person] = planner.observed.rawValue
            for (event, fan) in planner.attended { outcome.attendance.append((Int32(person), Int32(event), fan)) }
            let logged = emitLocations(plan, person: person, into: &buckets)
            if logged > 0 { outcome.peopleSeen += 1 }
            outcome.locationRecords += logged
            outcome.recordsPerPerson[min(500, logged)] += 1
        }
        let date = CivilDate(daysSinceEpoch: city.firstDay + day)
        let suffix = gzip ? ".csv.gz" : ".csv"
        let locations = try RowWriter(
            url: directory.appendingPathComponent("locations-\(date)\(suffix)"), header: ["subscriber", "time", "cell"], gzip: gzip)
        let text = RecordText(city: city, date: date)
        var scratch: [UInt64] = []
        var line = LineBlock()
        outcome.bytes += try Self.writeHours(
            &buckets, to: locations, line: &line, sort: { keys, hour in Self.sortBySecond(&keys, hour: hour, scratch: &scratch) },
            append: { key, line in text.appendLocation(key, to: &line) })

        let (interactions, bytes) = try writeInteractions(to: directory, text: text, line: &line)
        outcome.interactionRecords = interactions
        outcome.bytes += bytes
        return outcome
    }

    /// Writes the day's calls and texts alone: the days of call history before the window,
    /// which have no location records. Returns the records and bytes written.
    func writeInteractions(to directory: URL) throws -> (records: Int, bytes: Int) {
        var line = LineBlock()
        return try writeInteractions(to: directory, text: RecordText(city: city, date: CivilDate(daysSinceEpoch: city.firstDay + day)), line: &line)
    }

    private func writeInteractions(to directory: URL, text: borrowing RecordText, line: inout LineBlock) throws -> (records: Int, bytes: Int) {
        let date = CivilDate(daysSinceEpoch: city.firstDay + day)
        let interactions = try RowWriter(
            url: directory.appendingPathComponent("interactions-\(date)\(gzip ? ".csv.gz" : ".csv")"),
            header: ["caller", "callee", "time", "kind", "duration_s"], gzip: gzip)
        var calls = [[(UInt64, UInt64)]](repeating: [], count: 24)
        for person in 0..<city.population.count { emitInteractions(person, into: &calls) }
        let records = calls.map(\.count).reduce(0, +)
        let bytes = try Self.writeHours(
            &calls, to: interactions, line: &line, sort: { calls, _ in calls.sort { $0 < $1 } },
            append: { call, line in text.appendInteraction(call, to: &line) })
        return (records, bytes)
    }

    /// Sorts each hour's records, writes them as lines, frees the hour, and closes the file;
    /// returns the bytes written. One hour at a time keeps the sort's scratch small.
    private static func writeHours<Record>(
        _ hours: inout [[Record]], to writer: RowWriter, line: inout LineBlock, sort: (inout [Record], Int) -> Void,
        append: (Record, inout LineBlock) -> Void
    ) throws -> Int {
        for hour in hours.indices {
            sort(&hours[hour], hour)
            for record in hours[hour] {
                append(record, &line)
                if line.isFull { try line.flush(into: writer) }
            }
            hours[hour] = []
        }
        try line.flush(into: writer)
        try writer.close()
        return writer.bytesWritten
    }

    /// Orders one hour's keys by their second (the top 17 bits), keeping the order of
    /// person and cell below it through a final sort of each second's small run.
    static func sortBySecond(_ keys: inout [UInt64], hour: Int, scratch: inout [UInt64]) {
        guard keys.count > 1 else { return }
        var counts = [Int](repeating: 0, count: 3601)
        let base = hour * 3600
        for key in keys { counts[Int(key >> 47) - base + 1] += 1 }
        for index in 1...3600 { counts[index] += counts[index - 1] }
        if scratch.count < keys.count { scratch = [UInt64](repeating: 0, count: keys.count) }
        for key in keys {
            let slot = Int(key >> 47) - base
            scratch[counts[slot]] = key
            counts[slot] += 1
        }
        var start = 0
        for second in 0..<3600 {
            let end = counts[second]
            if end - start > 1 { scratch[start..<end].sort() }
            start = end
        }
        keys.withUnsafeMutableBufferPointer { target in
            scratch.withUnsafeBufferPointer { source in
                target.baseAddress!.update(from: source.baseAddress!, count: target.count)
            }
        }
    }

    /// Turns a plan into location records; returns how many were logged.
    private func emitLocations(_ plan: DayPlan, person index: Int, into buckets: inout [[UInt64]]) -> Int {
        guard !plan.stays.isEmpty else { return 0 }
        let person = city.population[index]
        var random = SplitMix64.keyed(city.seed, 30, UInt64(index), UInt64(day))
        if random.chance(0.003) { return 0 }
        var gap = 0..<0
        if random.chance(0.1) {
            let start = random.below(86_400 - 3600)
            gap = start..<(start + 3600 + random.below(7200))
        }
        let raster = city.territory.raster
        let personBits = UInt64(index) << 24
        var logged = 0
        func log(_ second: Int, _ cell: Int32) {
            guard second >= 0, second < 86_400, !gap.contains(second) else { return }
            if person.nightOff && (second < 7 * 3600 || second >= 23 * 3600 + 1800) { return }
            buckets[second / 3600].append(UInt64(second) << 47 | personBits | UInt64(cell))
            logged += 1
        }
        let period = person.periodicMinutes * 60
        let phase = Int(SplitMix64.hashUnit(city.seed, 32, UInt64(index)) * Double(period))
        var lastCell: Int32 = -1
        for (position, stay) in plan.stays.enumerated() {
            let point = stay.point
            if position > 0 {
                let previous = plan.stays[position - 1]
                let distance = previous.point.distance(to: point)
                let steps = max(1, Int(distance / 0.15))
                let duration = Double(stay.start - previous.end)
                for step in 1..<max(2, steps) where steps > 1 {
                    let fraction = Double(step) / Double(steps)
                    let cell = raster.cell(at: previous.point.interpolated(to: point, fraction: fraction))
                    if cell != lastCell {
                        lastCell = cell
                        if random.chance(Self.handoverLogged) { log(previous.end + Int(duration * fraction), cell) }
                    }
                }
            }
            let cell = raster.cell(at: point)
            let neighbour = raster.neighbour(at: point)
            if position > 0 && random.chance(Self.arrivalLogged) { log(stay.start, cell) }
            var second = stay.start + ((phase - stay.start) % period + period) % period
            while second < stay.end {
                log(second, random.chance(Self.pingPongShare) ? neighbour : cell)
                second += period
            }
            // Activity follows the hour: candidates arrive at the busiest hour's rate and each
            // is kept with the share of that rate its own hour has (thinning).
            let peak = Self.peakActivity * person.activity
            var moment = Double(stay.start)
            while true {
                moment += random.exponential(mean: 3600 / peak)
                guard moment < Double(stay.end) else { break }
                guard random.unit() * Self.peakActivity < Self.hourlyActivity[min(23, Int(moment) / 3600)] else { continue }
                log(Int(moment), random.chance(Self.pingPongShare) ? neighbour : cell)
            }
            lastCell = cell
        }
        return logged
    }

    /// Calls and texts this person starts today, along their ties; people about to leave
    /// fall silent for three weeks first, and those who left still call the ones who stayed.
    private func emitInteractions(_ index: Int, into calls: inout [[(UInt64, UInt64)]]) {
        let graph = city.graph
        let active = city.isActive(index, on: day)
        let left = Int(city.left[index])
        let silent = day >= left - 21 && day < left
        let weekend = ((city.firstWeekday + day) % 7 + 7) % 7 >= 5
        var random = SplitMix64.keyed(city.seed, 31, UInt64(index), UInt64(bitPattern: Int64(day)))
        let n = city.population.count
        func record(to other: Int, voice: Bool, family: Bool, incoming: Bool = false) {
            let hour = random.pick(weights: Self.hourlyCalls)
            let second = hour * 3600 + random.below(3600)
            let duration = voice ? min(7200, Int(exp(4.3 + random.normal()) * (family ? 1.5 : 1))) + 5 : 0
            let (caller, callee) = incoming ? (other, index) : (index, other)
            calls[hour].append((UInt64(second) << 40 | UInt64(caller), UInt64(callee) << 24 | (voice ? 1 << 23 : 0) | UInt64(duration)))
        }
        for tie in graph.ties(of: index) {
            let other = Int(graph.neighbours[tie])
            let otherActive = city.isActive(other, on: day)
            guard active || otherActive else { continue }
            let kind = graph.kinds[tie]
            var voiceRate = kind.voicePerDay * (weekend ? (kind == .colleague ? 0.3 : 1.3) : 1)
            var smsRate = kind.smsPerDay
            if silent { (voiceRate, smsRate) = (voiceRate * 0.03, smsRate * 0.2) }
            if !active { (voiceRate, smsRate) = (voiceRate * 0.5, smsRate * 0.5) }
            for _ in 0..<random.poisson(voiceRate) { record(to: other, voice: true, family: kind == .family) }
            for _ in 0..<random.poisson(smsRate) { record(to: other, voice: false, family: kind == .family) }
        }
        guard active else { return }
        for tie in graph.externalTies(of: index) {
            let other = n + Int(graph.externals[tie])
            for _ in 0..<random.poisson(silent ? 0.003 : 0.08) { record(to: other, voice: true, family: false, incoming: random.chance(0.5)) }
            for _ in 0..<random.poisson(0.03) { record(to: other, voice: false, family: false, incoming: random.chance(0.5)) }
        }
    }
}

extension SplitMix64 {
    /// A Poisson count with a small mean (Knuth's method).
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        let limit = exp(-mean)
        var count = 0
        var product = unit()
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }
}

/// A fixed block of bytes that record lines are assembled in before they go to the file.
///
/// Lines are written a byte at a time into raw memory: appending to an `Array` per field
/// costs a capacity check and a call each time, which dominated the generator's profile.
struct LineBlock: ~Copyable {
    static let capacity = 1 << 20
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    init() { base = .allocate(capacity: Self.capacity + 512) }
    deinit { base.deallocate() }

    var isFull: Bool { count >= Self.capacity }

    @inline(__always) mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func put(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        (base + count).update(from: bytes, count: length)
        count += length
    }

    @inline(__always) mutating func putTwoDigits(_ value: Int) {
        base[count] = UInt8(48 + value / 10)
        base[count + 1] = UInt8(48 + value % 10)
        count += 2
    }

    /// Hands the block to the writer and starts over.
    mutating func flush(into writer: RowWriter) throws {
        try writer.raw(UnsafeBufferPointer(start: base, count: count))
        count = 0
    }
}

/// Formats records as CSV bytes without building strings.
struct RecordText: ~Copyable {
    /// `YYYY-MM-DDT`.
    private let datePrefix: UnsafeMutablePointer<UInt8>
    private let numbers: NumberTable
    /// Cell ids, each in a slot of `cellWidth` bytes, with their lengths.
    private let cellBytes: UnsafeMutablePointer<UInt8>
    private let cellLengths: [Int]
    private let cellWidth: Int

    init(city: CityModel, date: CivilDate) {
        datePrefix = .allocate(capacity: 11)
        for (index, byte) in (date.description + "T").utf8.prefix(11).enumerated() { datePrefix[index] = byte }
        numbers = city.numbers
        let ids = city.territory.cells.map { Array($0.id.utf8) }
        cellWidth = max(1, ids.map(\.count).max() ?? 1)
        cellBytes = .allocate(capacity: ids.count * cellWidth)
        for (index, id) in ids.enumerated() { (cellBytes + index * cellWidth).initialize(from: id, count: id.count) }
        cellLengths = ids.map(\.count)
    }

    deinit {
        datePrefix.deallocate()
        cellBytes.deallocate()
    }

    @inline(__always)
    private func putTime(_ second: Int, to line: inout LineBlock) {
        line.put(datePrefix, 11)
        line.putTwoDigits(second / 3600)
        line.put(58)
        line.putTwoDigits(second / 60 % 60)
        line.put(58)
        line.putTwoDigits(second % 60)
        for byte: UInt8 in [43, 48, 56, 58, 48, 48] { line.put(byte) }
    }

    func appendLocation(_ key: UInt64, to line: inout LineBlock) {
        numbers.put(Int((key >> 24) & 0x7F_FFFF), to: &line)
        line.put(44)
        putTime(Int(key >> 47), to: &line)
        line.put(44)
        let cell = Int(key & 0xFF_FFFF)
        line.put(cellBytes + cell * cellWidth, cellLengths[cell])
        line.put(10)
    }

    func appendInteraction(_ call: (UInt64, UInt64), to line: inout LineBlock) {
        numbers.put(Int(call.0 & 0xFF_FFFF_FFFF), to: &line)
        line.put(44)
        numbers.put(Int(call.1 >> 24), to: &line)
        line.put(44)
        putTime(Int(call.0 >> 40), to: &line)
        let voice = call.1 & (1 << 23) != 0
        for byte in voice ? Self.voice : Self.sms { line.put(byte) }
        let duration = Int(call.1 & 0x7F_FFFF)
        if duration >= 1000 { line.put(UInt8(48 + duration / 1000 % 10)) }
        if duration >= 100 { line.put(UInt8(48 + duration / 100 % 10)) }
        if duration >= 10 { line.put(UInt8(48 + duration / 10 % 10)) }
        line.put(UInt8(48 + duration % 10))
        line.put(10)
    }

    private static let voice = Array(",voice,".utf8)
    private static let sms = Array(",sms,".utf8)
}

/// Subscriber and external numbers as bytes, eleven per number, built once per city.
///
/// Immutable after `init`, so sharing the raw memory between threads is safe.
final class NumberTable: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    private let total: Int

    init(subscribers: Int, externals: Int) {
        total = subscribers + externals
        base = .allocate(capacity: total * 11)
        for index in 0..<total {
            let number = index < subscribers ? DemoCity.number(index) : DemoCity.externalNumber(index - subscribers)
            (base + index * 11).initialize(from: Array(number.utf8), count: 11)
        }
    }

    deinit { base.deallocate() }

    /// Writes the number of a subscriber, or of external party `index - subscribers`.
    @inline(__always)
    func put(_ index: Int, to line: inout LineBlock) { line.put(base + index * 11, 11) }

    func append(_ index: Int, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + index * 11, count: 11))
    }
}
