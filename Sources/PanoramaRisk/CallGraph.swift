import PanoramaModel

/// Who talks to whom among subscribers, and when: for each subscriber, the other
/// subscribers they called or texted (either way), with the number of calls and texts on
/// each tie per period (the ledger's months), so that a month-end sees only the calls made
/// by then.
///
/// Calls to people who have since left still show, because ingest keeps a departed
/// subscriber's number as theirs: that is what makes "contacts who already left" visible.
public struct CallGraph: Sendable {
    /// `neighbours[starts[s]..<starts[s + 1]]` are subscriber `s`'s contacts, ascending.
    public private(set) var starts: [Int32]
    public private(set) var neighbours: [UInt32]
    /// `counts[tie * periods + period]`: calls and texts on a tie in a period.
    public private(set) var counts: [UInt16]
    public let periods: Int

    public var subscribers: Int { starts.count - 1 }

    /// A graph with no ties.
    public init(subscribers: Int, periods: Int = 1) {
        starts = [Int32](repeating: 0, count: subscribers + 1)
        neighbours = []
        counts = []
        self.periods = max(1, periods)
    }

    /// Builds the graph partition by partition: `partition(p)` returns the interaction
    /// records owned by subscribers of partition `p`, and `period(record)` the period
    /// (0..<`periods`) the record falls in.
    public init(
        subscribers: Int, periods: Int, partitions: Int, period: (InteractionRecord) -> Int,
        partition: (Int) throws -> [InteractionRecord]
    ) rethrows {
        let periods = max(1, periods)
        var ties: [[(other: UInt32, counts: [UInt16])]] = Array(repeating: [], count: subscribers)
        for index in 0..<partitions {
            var keys: [(pair: UInt64, period: Int)] = []
            for record in try partition(index) {
                guard !record.otherIsExternal, Int(record.owner) < subscribers, Int(record.other) < subscribers,
                    record.owner != record.other
                else { continue }
                keys.append((UInt64(record.owner) << 32 | UInt64(record.other), min(periods - 1, max(0, period(record)))))
            }
            keys.sort { $0.pair < $1.pair }
            var start = 0
            while start < keys.count {
                var end = start
                var perPeriod = [UInt16](repeating: 0, count: periods)
                while end < keys.count && keys[end].pair == keys[start].pair {
                    perPeriod[keys[end].period] &+= perPeriod[keys[end].period] == .max ? 0 : 1
                    end += 1
                }
                ties[Int(keys[start].pair >> 32)].append((UInt32(truncatingIfNeeded: keys[start].pair), perPeriod))
                start = end
            }
        }
        var starts = [Int32](repeating: 0, count: subscribers + 1)
        var neighbours: [UInt32] = []
        var counts: [UInt16] = []
        for subscriber in 0..<subscribers {
            for tie in ties[subscriber] {
                neighbours.append(tie.other)
                counts += tie.counts
            }
            starts[subscriber + 1] = Int32(neighbours.count)
        }
        self.starts = starts
        self.neighbours = neighbours
        self.counts = counts
        self.periods = periods
    }

    public func contacts(of subscriber: Int) -> Range<Int> { Int(starts[subscriber])..<Int(starts[subscriber + 1]) }

    /// Calls and texts on `tie` in periods up to and including `period`.
    public func weight(_ tie: Int, through period: Int) -> Float {
        var total = 0
        for index in 0...min(period, periods - 1) { total += Int(counts[tie * periods + index]) }
        return Float(total)
    }

    /// The subscriber's calls and texts with other subscribers in one period.
    public func calls(of subscriber: Int, in period: Int) -> Float {
        guard period >= 0 && period < periods else { return 0 }
        var total = 0
        for tie in contacts(of: subscriber) { total += Int(counts[tie * periods + period]) }
        return Float(total)
    }

    /// The share of `subscriber`'s contacts up to `period`, weighted by their calls and
    /// texts, who left on or before `day`, by the departure days given per subscriber
    /// (`Int32.max` for those who stay); 0 without contacts.
    public func departedShare(of subscriber: Int, departures: [Int32], through period: Int, by day: Int32) -> Double {
        var total: Float = 0
        var gone: Float = 0
        for tie in contacts(of: subscriber) {
            let weight = weight(tie, through: period)
            total += weight
            if departures[Int(neighbours[tie])] <= day { gone += weight }
        }
        return total > 0 ? Double(gone / total) : 0
    }
}
