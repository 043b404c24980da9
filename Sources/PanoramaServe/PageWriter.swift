import PanoramaModel

/// A page written straight into bytes: markup from static strings, values escaped as they
/// are copied, numbers formatted digit by digit.
///
/// The customer page is assembled for every request; written as `String` appends and
/// interpolations, most of its time went to growing and checking strings. The bytes go to
/// the response as they are.
struct PageWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Markup written in the code.
    mutating func put(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text the code made itself (a class name, a formatted number): not escaped.
    mutating func put(_ made: String) {
        var made = made
        made.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A value from the data, escaped.
    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { escape($0) }
    }

    mutating func text(_ value: Substring) {
        var value = value
        value.withUTF8 { escape($0) }
    }

    /// Copies `utf8` whole when it has nothing to escape, as most values do.
    private mutating func escape(_ utf8: UnsafeBufferPointer<UInt8>) {
        var plain = true
        for byte in utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            plain = false
            break
        }
        guard !plain else { return bytes.append(contentsOf: utf8) }
        for byte in utf8 {
            switch byte {
            case 0x26: put("&amp;")
            case 0x3C: put("&lt;")
            case 0x3E: put("&gt;")
            case 0x22: put("&quot;")
            case 0x27: put("&#39;")
            default: bytes.append(byte)
            }
        }
    }

    /// A table row of values, each escaped in its cell.
    mutating func row(_ values: String...) {
        put("<tr>")
        for value in values {
            put("<td>")
            text(value)
            put("</td>")
        }
        put("</tr>")
    }

    mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// One decimal, as `HTML.tenths`.
    mutating func tenths(_ value: Double) {
        guard value.isFinite else { return put("0") }
        let scaled = Int((value * 10).rounded())
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        int(abs(scaled) / 10)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(abs(scaled) % 10))
    }

    /// Three decimals, as `HTML.thousandths`.
    mutating func thousandths(_ value: Double) {
        guard value.isFinite else { return put("?") }
        let scaled = Int((value * 1000).rounded())
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        int(abs(scaled) / 1000)
        bytes.append(UInt8(ascii: "."))
        let fraction = abs(scaled) % 1000
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    mutating func percent(_ share: Double) {
        tenths(share * 100)
        bytes.append(UInt8(ascii: "%"))
    }

    /// A date as `2026-11-02`.
    mutating func date(_ date: CivilDate) {
        int(date.year)
        bytes.append(UInt8(ascii: "-"))
        if date.month < 10 { bytes.append(UInt8(ascii: "0")) }
        int(date.month)
        bytes.append(UInt8(ascii: "-"))
        if date.day < 10 { bytes.append(UInt8(ascii: "0")) }
        int(date.day)
    }

    /// An hour of the day as `07:00`.
    mutating func clock(_ hour: Int) {
        if hour >= 0 && hour < 10 { bytes.append(UInt8(ascii: "0")) }
        int(hour)
        put(":00")
    }
}

/// The page frame, maps and timelines.
extension PageWriter {
    /// Everything before a page's body: head, style, navigation and the number lookup.
    mutating func start(title: String, workspace: String) {
        put("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        text(title)
        put(" · Panorama</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>")
        put(HTML.style)
        put("</style></head>\n<body><header><a href=\"/\">Panorama · ")
        text(workspace)
        put("</a><a href=\"/territory\">Territory</a><a href=\"/tasks\">Tasks</a>\n")
        put("<form action=\"/customers\" method=\"get\"><label>Customer number <input name=\"number\" size=\"14\" autocomplete=\"off\"></label> <button>Look up</button></form></header>\n<main>")
    }

    mutating func end() {
        put("</main></body></html>")
    }

    /// Cells as dots on a plane, shaded by `values` in quintiles, with optional circles
    /// (radiation areas) drawn over them. `route`, when given, joins cells in the order of a
    /// day, each stop numbered; `margin` (metres) keeps a few cells from filling the
    /// corners; `scale` explains the shades.
    mutating func map(
        cells: [(x: Double, y: Double, value: Double, label: String)], circles: [(x: Double, y: Double, radius: Double)] = [],
        route: [(x: Double, y: Double)] = [], margin: Double = 0, size: Int = 520, legend: String,
        scale: String = "light = low, dark = high"
    ) {
        guard !cells.isEmpty else { return put("<p class=\"muted\">No cells.</p>") }
        var (minX, maxX, minY, maxY) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
        for cell in cells {
            (minX, maxX) = (min(minX, cell.x - margin), max(maxX, cell.x + margin))
            (minY, maxY) = (min(minY, cell.y - margin), max(maxY, cell.y + margin))
        }
        for circle in circles {
            (minX, maxX) = (min(minX, circle.x - circle.radius), max(maxX, circle.x + circle.radius))
            (minY, maxY) = (min(minY, circle.y - circle.radius), max(maxY, circle.y + circle.radius))
        }
        let span = max(maxX - minX, maxY - minY, 1)
        let inner = Double(size - 40)
        func px(_ x: Double) -> Double { 20 + (x - minX) / span * inner }
        func py(_ y: Double) -> Double { 20 + (maxY - y) / span * inner }
        let sorted = cells.map(\.value).sorted()
        func shade(_ value: Double) -> StaticString {
            guard let last = sorted.last, last > sorted[0] else { return HTML.shades[2] }
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return HTML.shades[min(4, low * 5 / max(1, sorted.count))]
        }
        put("<svg role=\"img\" aria-label=\"map: ")
        text(legend)
        put("\" width=\"")
        int(size)
        put("\" height=\"")
        int(size)
        put("\" viewBox=\"0 0 ")
        int(size)
        put(" ")
        int(size)
        put("\">")
        for circle in circles {
            put("<circle cx=\"")
            tenths(px(circle.x))
            put("\" cy=\"")
            tenths(py(circle.y))
            put("\" r=\"")
            tenths(circle.radius / span * inner)
            put("\" fill=\"none\" stroke=\"#a4301c\" stroke-dasharray=\"4 3\"></circle>")
        }
        if route.count > 1 {
            put("<polyline fill=\"none\" stroke=\"#e08a2e\" stroke-width=\"2\" points=\"")
            for (stop, point) in route.enumerated() {
                if stop > 0 { put(" ") }
                tenths(px(point.x))
                put(",")
                tenths(py(point.y))
            }
            put("\"></polyline>")
        }
        for (stop, point) in route.enumerated() {
            put("<text x=\"")
            tenths(px(point.x) + 7)
            put("\" y=\"")
            tenths(py(point.y) - 5 - Double(stop % 2) * 10)
            put("\" font-size=\"11\">")
            int(stop + 1)
            put("</text>")
        }
        for cell in cells {
            put("<circle cx=\"")
            tenths(px(cell.x))
            put("\" cy=\"")
            tenths(py(cell.y))
            put("\" r=\"5\" fill=\"")
            put(shade(cell.value))
            put("\"><title>")
            text(cell.label)
            put("</title></circle>")
        }
        put("<text x=\"8\" y=\"")
        int(size - 6)
        put("\" font-size=\"12\">")
        text(legend)
        if !scale.isEmpty {
            put(": ")
            text(scale)
        }
        put("</text></svg>")
    }

    /// A day from midnight to midnight as a bar of stretches; hours with no habit stay empty.
    mutating func timeline(_ stretches: [(from: Int, to: Int, label: String, place: HTML.DayPlace)], width: Int = 520) {
        let left = 10.0
        let hourWidth = Double(width - 20) / 24
        put("<svg role=\"img\" aria-label=\"timeline\" width=\"")
        int(width)
        put("\" height=\"58\" viewBox=\"0 0 ")
        int(width)
        put(" 58\"><rect x=\"")
        tenths(left)
        put("\" y=\"8\" width=\"")
        tenths(hourWidth * 24)
        put("\" height=\"26\" fill=\"#eef1f5\"></rect>")
        for stretch in stretches {
            let x = left + Double(stretch.from) * hourWidth
            put("<rect x=\"")
            tenths(x)
            put("\" y=\"8\" width=\"")
            tenths(Double(stretch.to - stretch.from) * hourWidth)
            put("\" height=\"26\" fill=\"")
            put(stretch.place.colour)
            put("\" stroke=\"#fff\"><title>")
            clock(stretch.from)
            put("–")
            clock(stretch.to)
            put(" ")
            text(stretch.label)
            put("</title></rect>")
            if stretch.to - stretch.from >= 3 {
                put("<text x=\"")
                tenths(x + 4)
                put("\" y=\"26\" font-size=\"12\" fill=\"")
                put(stretch.place.ink)
                put("\">")
                text(stretch.label)
                put("</text>")
            }
        }
        for hour in stride(from: 0, through: 24, by: 6) {
            put("<text x=\"")
            tenths(left + Double(hour) * hourWidth - (hour == 24 ? 28 : hour == 0 ? 0 : 14))
            put("\" y=\"52\" font-size=\"11\">")
            clock(hour)
            put("</text>")
        }
        put("</svg>")
    }
}
