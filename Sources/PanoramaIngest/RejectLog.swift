import Foundation
import PanoramaModel

/// Counts and keeps the rejected rows of one file, then writes them as a CSV report.
///
/// Reports hold the line number, reason and detail, never the row itself, because rows
/// carry subscriber numbers; the line number finds the row in the user's own file.
/// At most `keptLimit` rows are kept for the report; all are counted.
struct RejectLog: Sendable {
    static let keptLimit = 10_000

    struct Entry: Sendable {
        /// The line number, or the line's index within chunk `chunk` until resolved.
        var line: Int
        var reason: RejectReason
        var detail: String
        /// The chunk whose lines `line` counts, or -1 once `line` is the file's line number.
        var chunk = -1
    }

    private(set) var counts: [RejectReason: Int] = [:]
    private(set) var kept: [Entry] = []

    var total: Int { counts.values.reduce(0, +) }

    mutating func add(line: Int, _ rejection: RowRejection) {
        add(line: line, chunk: -1, rejection)
    }

    /// Adds a rejection whose line is known only as an index within a chunk.
    mutating func add(line: Int, chunk: Int, _ rejection: RowRejection) {
        counts[rejection.reason, default: 0] += 1
        if kept.count < Self.keptLimit {
            kept.append(Entry(line: line, reason: rejection.reason, detail: rejection.detail, chunk: chunk))
        }
    }

    /// Turns chunk-relative line indexes into file line numbers, given each chunk's first line.
    mutating func resolveLines(firstLineOfChunk: [Int]) {
        for index in kept.indices where kept[index].chunk >= 0 {
            kept[index].line += firstLineOfChunk[kept[index].chunk]
            kept[index].chunk = -1
        }
    }

    mutating func merge(_ other: RejectLog) {
        for (reason, count) in other.counts { counts[reason, default: 0] += count }
        kept.append(contentsOf: other.kept.prefix(Self.keptLimit - min(kept.count, Self.keptLimit)))
    }

    /// Writes `line,reason,detail` rows sorted by line to `directory/<file>.csv`.
    func write(to directory: URL, file: String) throws(IngestError) {
        guard total > 0 else { return }
        var text = "line,reason,detail\n"
        for entry in kept.sorted(by: { $0.line < $1.line }) {
            text += "\(entry.line),\(entry.reason.rawValue),\(CSVField.quoted(entry.detail))\n"
        }
        if total > kept.count {
            text += ",,\(CSVField.quoted("\(total - kept.count) more rejected rows not listed"))\n"
        }
        let url = directory.appendingPathComponent(Self.reportName(for: file))
        do { try text.write(to: url, atomically: false, encoding: .utf8) } catch {
            throw .unreadableFile(file: url.path, reason: error.localizedDescription)
        }
    }

    /// `locations-2026-11-01.csv.gz` → `locations-2026-11-01.csv`.
    static func reportName(for file: String) -> String {
        let base = file.hasSuffix(".gz") ? String(file.dropLast(3)) : file
        return base.hasSuffix(".csv") ? base : base + ".csv"
    }
}
