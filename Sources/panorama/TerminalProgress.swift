import Foundation
import PanoramaIngest
import Synchronization

/// Draws ingest progress on standard error.
///
/// On a terminal: one line redrawn a few times a second with percent, rows per second and
/// the time left. Otherwise (a log, CI): one plain line per finished file, so logs stay
/// readable.
final class TerminalProgress: IngestProgress {
    private struct State {
        var fileStarted = Date()
        var lastDrawn = Date.distantPast
    }

    private let state = Mutex(State())
    private let isTerminal = isatty(STDERR_FILENO) == 1

    func started(file: String, size: Int) {
        state.withLock { state in
            state.fileStarted = Date()
            state.lastDrawn = .distantPast
        }
    }

    func advanced(file: String, fileBytes: Int, size: Int, lines: Int) {
        guard isTerminal else { return }
        let line: String? = state.withLock { state in
            let now = Date()
            guard now.timeIntervalSince(state.lastDrawn) >= 0.2 else { return nil }
            state.lastDrawn = now
            let elapsed = max(now.timeIntervalSince(state.fileStarted), 0.001)
            let fraction = size > 0 ? min(1, Double(fileBytes) / Double(size)) : 0
            let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            return String(
                format: "%@  %5.1f%%  %@ rows  %.2f M rows/s  about %@ left", file, fraction * 100,
                Format.count(lines), Double(lines) / elapsed / 1e6, Format.seconds(remaining))
        }
        if let line { FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8)) }
    }

    func finished(_ report: FileReport) {
        let elapsed = state.withLock { Date().timeIntervalSince($0.fileStarted) }
        var line = "\(report.file): \(Format.count(report.read)) rows, \(Format.count(report.accepted)) accepted"
        if report.rejected > 0 {
            let reasons = report.rejectedByReason.sorted { $0.key < $1.key }
                .map { "\($0.key.rawValue) \(Format.count($0.value))" }.joined(separator: ", ")
            line += ", \(Format.count(report.rejected)) rejected (\(reasons))"
        }
        line += " in \(Format.seconds(elapsed))"
        if report.read > 100_000 { line += String(format: ", %.2f M rows/s", Double(report.read) / max(elapsed, 0.001) / 1e6) }
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n").utf8))
    }
}
