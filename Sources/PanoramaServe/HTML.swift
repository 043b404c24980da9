import Foundation

/// The pages' HTML and SVG, written as text: every value from the data goes through
/// `escape`, so a place or event named `<script>` shows as text.
enum HTML {
    static func escape(_ text: String) -> String {
        // Most values have nothing to escape: check the bytes first and hand the text back.
        let special: (UInt8) -> Bool = { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }
        guard text.utf8.contains(where: special) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: escaped += Array("&amp;".utf8)
            case 0x3C: escaped += Array("&lt;".utf8)
            case 0x3E: escaped += Array("&gt;".utf8)
            case 0x22: escaped += Array("&quot;".utf8)
            case 0x27: escaped += Array("&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
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
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · Panorama</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"><style>\(style)</style></head>
        <body><header><a href="/">Panorama · \(escape(workspace))</a><a href="/territory">Territory</a><a href="/tasks">Tasks</a>
        <form action="/customers" method="get"><label>Customer number <input name="number" size="14" autocomplete="off"></label> <button>Look up</button></form></header>
        <main>\(body)</main></body></html>
        """
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
    static let shades = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]

    /// Cells as dots on a plane, shaded by `values` in quintiles, with optional circles
    /// (radiation areas) drawn over them.
    /// `route`, when given, joins cells in the order of a day, each stop numbered; `margin`
    /// (metres) keeps a few cells from filling the corners; `scale` explains the shades.
    static func map(
        cells: [(x: Double, y: Double, value: Double, label: String)], circles: [(x: Double, y: Double, radius: Double)] = [],
        route: [(x: Double, y: Double)] = [], margin: Double = 0, size: Int = 520, legend: String,
        scale: String = "light = low, dark = high"
    ) -> String {
        guard !cells.isEmpty else { return "<p class=\"muted\">No cells.</p>" }
        let xs = cells.flatMap { [$0.x - margin, $0.x + margin] } + circles.flatMap { [$0.x - $0.radius, $0.x + $0.radius] }
        let ys = cells.flatMap { [$0.y - margin, $0.y + margin] } + circles.flatMap { [$0.y - $0.radius, $0.y + $0.radius] }
        let (minX, maxX, minY, maxY) = (xs.min() ?? 0, xs.max() ?? 1, ys.min() ?? 0, ys.max() ?? 1)
        let span = max(maxX - minX, maxY - minY, 1)
        let inner = Double(size - 40)
        func px(_ x: Double) -> Double { 20 + (x - minX) / span * inner }
        func py(_ y: Double) -> Double { 20 + (maxY - y) / span * inner }
        let sorted = cells.map(\.value).sorted()
        func shade(_ value: Double) -> String {
            guard let last = sorted.last, last > sorted[0] else { return shades[2] }
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return shades[min(4, low * 5 / max(1, sorted.count))]
        }
        var svg = "<svg role=\"img\" aria-label=\"map: \(escape(legend))\" width=\"\(size)\" height=\"\(size)\" viewBox=\"0 0 \(size) \(size)\">"
        for circle in circles {
            svg += "<circle cx=\"\(tenths(px(circle.x)))\" cy=\"\(tenths(py(circle.y)))\" r=\"\(tenths(circle.radius / span * inner))\" "
                + "fill=\"none\" stroke=\"#a4301c\" stroke-dasharray=\"4 3\"></circle>"
        }
        if route.count > 1 {
            svg += "<polyline fill=\"none\" stroke=\"#e08a2e\" stroke-width=\"2\" points=\""
            svg += route.map { "\(tenths(px($0.x))),\(tenths(py($0.y)))" }.joined(separator: " ") + "\"></polyline>"
        }
        for (stop, point) in route.enumerated() {
            svg += "<text x=\"\(tenths(px(point.x) + 7))\" y=\"\(tenths(py(point.y) - 5 - Double(stop % 2) * 10))\" font-size=\"11\">\(stop + 1)</text>"
        }
        for cell in cells {
            svg += "<circle cx=\"\(tenths(px(cell.x)))\" cy=\"\(tenths(py(cell.y)))\" r=\"5\" fill=\"\(shade(cell.value))\"><title>\(escape(cell.label))</title></circle>"
        }
        svg += "<text x=\"8\" y=\"\(size - 6)\" font-size=\"12\">\(escape(scale.isEmpty ? legend : legend + ": " + scale))</text>"
        return svg + "</svg>"
    }

    /// Colours of a typical day's stretches: at home, at work, elsewhere.
    static let dayColours = (home: "#9ecae1", work: "#08519c", elsewhere: "#e08a2e")

    /// A day from midnight to midnight as a bar of stretches; hours with no habit stay empty.
    static func timeline(_ stretches: [(from: Int, to: Int, label: String, colour: String)], width: Int = 520) -> String {
        let left = 10.0
        let hourWidth = Double(width - 20) / 24
        var svg = "<svg role=\"img\" aria-label=\"timeline\" width=\"\(width)\" height=\"58\" viewBox=\"0 0 \(width) 58\">"
        svg += "<rect x=\"\(tenths(left))\" y=\"8\" width=\"\(tenths(hourWidth * 24))\" height=\"26\" fill=\"#eef1f5\"></rect>"
        for stretch in stretches {
            let x = left + Double(stretch.from) * hourWidth
            let length = Double(stretch.to - stretch.from) * hourWidth
            svg += "<rect x=\"\(tenths(x))\" y=\"8\" width=\"\(tenths(length))\" height=\"26\" fill=\"\(stretch.colour)\" stroke=\"#fff\">"
            svg += "<title>\(clock(stretch.from))–\(clock(stretch.to)) \(escape(stretch.label))</title></rect>"
            if stretch.to - stretch.from >= 3 {
                let ink = stretch.colour == dayColours.work ? "#fff" : "#1d2430"
                svg += "<text x=\"\(tenths(x + 4))\" y=\"26\" font-size=\"12\" fill=\"\(ink)\">\(escape(stretch.label))</text>"
            }
        }
        for hour in stride(from: 0, through: 24, by: 6) {
            svg += "<text x=\"\(tenths(left + Double(hour) * hourWidth - (hour == 24 ? 28 : hour == 0 ? 0 : 14)))\" y=\"52\" font-size=\"11\">\(clock(hour))</text>"
        }
        return svg + "</svg>"
    }

    /// An hour of the day as `07:00`.
    static func clock(_ hour: Int) -> String { (hour < 10 ? "0" : "") + "\(hour):00" }

    /// A coordinate with one decimal, without Foundation's formatting (the maps draw hundreds).
    static func tenths(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = Int((value * 10).rounded())
        return (scaled < 0 ? "-" : "") + "\(abs(scaled) / 10).\(abs(scaled) % 10)"
    }

    static func percent(_ value: Double) -> String { tenths(value * 100) + "%" }
    static func yuan(_ value: Double) -> String { tenths(value) }

    /// A share with three decimals, such as a score.
    static func thousandths(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        let scaled = Int((value * 1000).rounded())
        let fraction = String(abs(scaled) % 1000)
        return (scaled < 0 ? "-" : "") + "\(abs(scaled) / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
