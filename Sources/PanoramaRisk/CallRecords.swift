import PanoramaModel

/// Reads the interaction records once, partition by partition on all cores, into the call
/// graph (ties between subscribers with their calls and texts per period) and the call days
/// (each subscriber's outgoing voice calls per day).
///
/// Each partition's records become sorted 64-bit keys (the owner's index within the
/// partition, the other party and the period; or the owner and the day), so the work is
/// two integer sorts and a scan, with no per-subscriber collections. The owner's index
/// within its partition takes 24 bits: up to 16.7 million subscribers per partition.
public enum CallRecords {
    public static func read(
        subscribers: Int, partitions: Int, periods: Int, workers: Int = ParallelWorkers.defaultCount,
        period: @escaping @Sendable (InteractionRecord) -> Int, day: @escaping @Sendable (UInt32) -> Int32,
        partition: @escaping @Sendable (Int) throws -> [InteractionRecord]
    ) throws -> (graph: CallGraph, days: CallDays) {
        let periods = max(1, min(255, periods))
        let partitions = max(1, partitions)
        let results = try ParallelWorkers.run(count: max(1, min(workers, partitions))) { worker -> [Part] in
            var parts: [Part] = []
            for index in stride(from: worker, to: partitions, by: max(1, min(workers, partitions))) {
                parts.append(try Part(index, records: partition(index), subscribers: subscribers, partitions: partitions, periods: periods, period: period, day: day))
            }
            return parts
        }
        var tieStart = [Int32](repeating: 0, count: subscribers)
        var tieCount = tieStart
        var callStart = tieStart
        var callCount = tieStart
        var neighbours: [UInt32] = []
        var counts: [UInt16] = []
        var calls: [(day: Int32, count: Int32)] = []
        var covered = Set<Int32>()
        for part in results.flatMap({ $0 }).sorted(by: { $0.index < $1.index }) {
            for (owner, range) in part.ties {
                tieStart[owner] = Int32(neighbours.count + range.lowerBound)
                tieCount[owner] = Int32(range.count)
            }
            for (owner, range) in part.callRanges {
                callStart[owner] = Int32(calls.count + range.lowerBound)
                callCount[owner] = Int32(range.count)
            }
            neighbours += part.neighbours
            counts += part.counts
            calls += part.calls
            covered.formUnion(part.covered)
        }
        return (
            CallGraph(tieStart: tieStart, tieCount: tieCount, neighbours: neighbours, counts: counts, periods: periods),
            CallDays(covered: covered.sorted(), callStart: callStart, callCount: callCount, calls: calls)
        )
    }

    /// One partition's ties and call days, with ranges local to its own arrays.
    struct Part: Sendable {
        let index: Int
        var ties: [(owner: Int, range: Range<Int>)] = []
        var neighbours: [UInt32] = []
        var counts: [UInt16] = []
        var callRanges: [(owner: Int, range: Range<Int>)] = []
        var calls: [(day: Int32, count: Int32)] = []
        var covered = Set<Int32>()

        init(
            _ index: Int, records: [InteractionRecord], subscribers: Int, partitions: Int, periods: Int,
            period: (InteractionRecord) -> Int, day: (UInt32) -> Int32
        ) {
            self.index = index
            var tieKeys: [UInt64] = []
            var dayKeys: [UInt64] = []
            tieKeys.reserveCapacity(records.count)
            let divisor = UInt32(partitions)
            var lastDay: Int32 = .min
            for record in records where Int(record.owner) < subscribers {
                let local = UInt64(record.owner / divisor)
                let recordDay = day(record.time)
                if recordDay != lastDay {
                    covered.insert(recordDay)
                    lastDay = recordDay
                }
                if record.isOutgoing && record.kind == .voice { dayKeys.append(local << 32 | UInt64(UInt32(bitPattern: recordDay))) }
                guard !record.otherIsExternal, Int(record.other) < subscribers, record.owner != record.other else { continue }
                tieKeys.append(local << 40 | UInt64(record.other) << 8 | UInt64(min(periods - 1, max(0, period(record)))))
            }
            tieKeys.sort()
            var start = 0
            var ownerStart = 0
            while start < tieKeys.count {
                let pair = tieKeys[start] >> 8
                let owner = Int(tieKeys[start] >> 40) * partitions + index
                let base = counts.count
                counts.append(contentsOf: repeatElement(0, count: periods))
                var end = start
                while end < tieKeys.count && tieKeys[end] >> 8 == pair {
                    let slot = base + Int(tieKeys[end] & 0xFF)
                    if counts[slot] < .max { counts[slot] += 1 }
                    end += 1
                }
                if ties.last?.owner != owner {
                    ownerStart = neighbours.count
                    ties.append((owner, ownerStart..<ownerStart))
                }
                neighbours.append(UInt32(truncatingIfNeeded: pair))
                ties[ties.count - 1].range = ownerStart..<neighbours.count
                start = end
            }
            dayKeys.sort()
            start = 0
            while start < dayKeys.count {
                var end = start
                while end < dayKeys.count && dayKeys[end] == dayKeys[start] { end += 1 }
                let owner = Int(dayKeys[start] >> 32) * partitions + index
                if callRanges.last?.owner != owner {
                    callRanges.append((owner, calls.count..<calls.count))
                }
                calls.append((Int32(bitPattern: UInt32(truncatingIfNeeded: dayKeys[start])), Int32(end - start)))
                callRanges[callRanges.count - 1].range = callRanges[callRanges.count - 1].range.lowerBound..<calls.count
                start = end
            }
        }
    }
}
