import PanoramaModel

/// Who talks to whom among subscribers, and when: for each subscriber, the other
/// subscribers they called or texted (either way), with the number of calls and texts on
/// each tie per period (the ledger's months), so that a month-end sees only the calls made
/// by then.
///
/// Calls to people who have since left still show, because ingest keeps a departed
/// subscriber's number as theirs: that is what makes "contacts who already left" visible.
public struct CallGraph: Sendable {
    /// `neighbours[tieStart[s]..<tieStart[s] + tieCount[s]]` are subscriber `s`'s contacts, ascending.
    public private(set) var tieStart: [Int32]
    public private(set) var tieCount: [Int32]
    public private(set) var neighbours: [UInt32]
    /// `counts[tie * periods + period]`: calls and texts on a tie in a period.
    public private(set) var counts: [UInt16]
    public let periods: Int

    public var subscribers: Int { tieStart.count }

    /// A graph with no ties.
    public init(subscribers: Int, periods: Int = 1) {
        tieStart = [Int32](repeating: 0, count: subscribers)
        tieCount = tieStart
        neighbours = []
        counts = []
        self.periods = max(1, periods)
    }

    /// A graph from ties already grouped by subscriber: `tieStart[s]` and `tieCount[s]`
    /// give subscriber `s`'s ties in `neighbours` and, `periods` apiece, in `counts`.
    init(tieStart: [Int32], tieCount: [Int32], neighbours: [UInt32], counts: [UInt16], periods: Int) {
        self.tieStart = tieStart
        self.tieCount = tieCount
        self.neighbours = neighbours
        self.counts = counts
        self.periods = periods
    }

    public func contacts(of subscriber: Int) -> Range<Int> { Int(tieStart[subscriber])..<Int(tieStart[subscriber] + tieCount[subscriber]) }

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
