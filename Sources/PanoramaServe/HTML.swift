import Foundation

/// The pages' HTML and SVG, written as text: every value from the data goes through
/// `escape`, so a place or event named `<script>` shows as text.
enum HTML {
    static func escape(_ text: String) -> String {
        // Most values have nothing to escape: check the bytes first and hand the text back.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        return written(capacity: text.utf8.count + 16) { $0.text(text) }
    }

    /// What a `PageWriter` writes, as a string, for the pages still put together from strings.
    private static func written(capacity: Int = 16, _ write: (inout PageWriter) -> Void) -> String {
        var page = PageWriter(capacity: capacity)
        write(&page)
        return String(decoding: page.bytes, as: UTF8.self)
    }

    /// A path segment or query value for a link.
    static func url(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?&=#+"))) ?? ""
    }

    static let style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#1f3a5f;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none;font-weight:600}
        header form{margin-left:auto}
        main{padding:16px 24px;max-width:1200px}
        h1{font-size:22px;margin:8px 0 12px}h2{font-size:17px;margin:20px 0 8px}
        .cards{display:flex;gap:12px;flex-wrap:wrap}
        .card{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:10px 14px;min-width:140px}
        .card b{display:block;font-size:22px}
        table{border-collapse:collapse;background:#fff;margin:6px 0}
        td,th{border:1px solid #dde2ea;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#eef1f5}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        .muted{color:#5d6675}.warn{color:#a4301c;font-weight:600}
        svg{background:#fff;border:1px solid #dde2ea}
        .gap{background:#fff4d6;border:1px solid #e7c66a;padding:8px 12px;margin:8px 0}
        """

    /// A whole page with the navigation and the number lookup.
    static func page(title: String, workspace: String, body: String) -> String {
        var page = PageWriter(capacity: body.utf8.count + style.utf8.count + 1_024)
        page.start(title: title, workspace: workspace)
        page.put(body)
        page.end()
        return String(decoding: page.bytes, as: UTF8.self)
    }

    /// Horizontal bars with their values, largest scale first.
    static func bars(_ items: [(label: String, value: Double, text: String)], width: Int = 520) -> String {
        guard !items.isEmpty else { return "<p class=\"muted\">No data.</p>" }
        let top = max(items.map(\.value).max() ?? 1, 1e-9)
        let rowHeight = 22
        var svg = "<svg role=\"img\" width=\"\(width)\" height=\"\(items.count * rowHeight + 8)\" viewBox=\"0 0 \(width) \(items.count * rowHeight + 8)\">"
        for (row, item) in items.enumerated() {
            let y = 4 + row * rowHeight
            let length = Int(Double(width - 300) * max(0, item.value) / top)
            svg += "<text x=\"4\" y=\"\(y + 15)\" font-size=\"13\">\(escape(item.label))</text>"
            svg += "<rect x=\"190\" y=\"\(y + 3)\" width=\"\(length)\" height=\"15\" fill=\"#3f7cbf\"></rect>"
            svg += "<text x=\"\(196 + length)\" y=\"\(y + 15)\" font-size=\"13\">\(escape(item.text))</text>"
        }
        return svg + "</svg>"
    }

    /// Five shades from light to dark for a map's values.
    static let shades: [StaticString] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]

    /// Cells as dots on a plane, shaded by `values` in quintiles, with optional circles
    /// (radiation areas) drawn over them (see `PageWriter.map`).
    static func map(
        cells: [(x: Double, y: Double, value: Double, label: String)], circles: [(x: Double, y: Double, radius: Double)] = [],
        size: Int = 520, legend: String
    ) -> String {
        var svg = PageWriter(capacity: cells.count * 120 + circles.count * 120 + 512)
        svg.map(cells: cells, circles: circles, size: size, legend: legend)
        return String(decoding: svg.bytes, as: UTF8.self)
    }

    /// Where a stretch of a typical day is spent, for its colour on the timeline.
    enum DayPlace {
        case home, work, elsewhere

        var colour: StaticString {
            switch self {
            case .home: "#9ecae1"
            case .work: "#08519c"
            case .elsewhere: "#e08a2e"
            }
        }

        /// The colour of a label written on the stretch.
        var ink: StaticString { self == .work ? "#fff" : "#1d2430" }
    }

    /// A coordinate with one decimal, without Foundation's formatting (the maps draw hundreds).
    static func tenths(_ value: Double) -> String { written { $0.tenths(value) } }

    static func percent(_ value: Double) -> String { written { $0.percent(value) } }
    static func yuan(_ value: Double) -> String { tenths(value) }

    /// A share with three decimals, such as a score.
    static func thousandths(_ value: Double) -> String { written { $0.thousandths(value) } }
}
