import Foundation
import PanoramaBuild
import PanoramaModel
import PanoramaValue

/// The dashboard's pages, drawn from the same values as the API.
extension Dashboard {
    func gapNotes() -> String {
        gaps.map { "<p class=\"gap\">\(HTML.escape($0))</p>" }.joined()
    }

    func overviewPage() -> String {
        let overview = overview()
        var body = "<h1>Overview</h1>" + gapNotes()
        body += "<div class=\"cards\"><div class=\"card\"><b>\(overview.customers.grouped)</b>customers</div>"
        body += "<div class=\"card\"><b>\(overview.activeCustomers.grouped)</b>active in \(HTML.escape(overview.valueMonth ?? "-"))</div>"
        if let last = overview.churnTrend.last {
            body += "<div class=\"card\"><b>\(HTML.percent(last.rate))</b>left in \(HTML.escape(last.month))</div>"
        }
        body += "</div><h2>Value mix</h2>"
        body += HTML.bars(overview.valueMix.map { ($0.name, Double($0.customers), "\($0.customers.grouped) (\(HTML.percent($0.share)))") })
        body += "<h2>Product penetration</h2>"
        body += HTML.bars(overview.productPenetration.map { ($0.name, $0.share, HTML.percent($0.share)) })
        body += "<h2>Churn by month</h2>"
        body += HTML.bars(overview.churnTrend.map { ($0.month, $0.rate, "\(HTML.percent($0.rate)) (\($0.departures.grouped))") })
        body += "<h2>Top tags</h2><table><tr><th>dimension</th><th>tag</th><th>customers</th></tr>"
        for dimension in ["region", "demographic", "preference", "behaviour"] {
            for tag in overview.topTags[dimension] ?? [] {
                body += "<tr><td>\(dimension)</td><td>\(HTML.escape(tag.name))</td><td class=\"n\">\(tag.customers.grouped)</td></tr>"
            }
        }
        body += "</table>"
        return HTML.page(title: "Overview", workspace: workspaceName, body: body)
    }

    /// The customer's page as bytes: it is assembled for every request (see `PageWriter`).
    func customerPage(_ customer: Customer) -> [UInt8] {
        let json = customerJSON(customer)
        var page = PageWriter(capacity: 32 * 1024)
        page.start(title: "Customer \(customer.masked)", workspace: workspaceName)
        page.put("<h1>Customer ")
        page.text(customer.masked)
        page.put("</h1><p class=\"muted\">pseudonym ")
        page.text(customer.pseudonym)
        page.put("</p>")
        page.put(gapNotes())
        if let value = json.value, value.isActive {
            page.put("<div class=\"cards\"><div class=\"card\"><b>")
            page.text(value.tier?.rawValue ?? "-")
            page.put("</b>value tier</div><div class=\"card\"><b>")
            page.tenths(value.spend)
            page.put("</b>ARPU a month (")
            page.text(value.arpuBand ?? "")
            page.put(")</div><div class=\"card\"><b>")
            page.text(value.stage?.rawValue ?? "-")
            page.put("</b>lifecycle stage</div><div class=\"card\"><b>")
            page.text(value.adoption?.rawValue ?? "-")
            page.put("</b>adoption</div>")
            if let risk = json.risk {
                page.put(risk.churnWarning ? "<div class=\"card\"><b class=\"warn\">" : "<div class=\"card\"><b class=\"\">")
                page.percent(risk.churn)
                page.put("</b>churn risk next month</div>")
            }
            page.put("</div><p>")
            page.int(Int(value.voiceMinutes.rounded()))
            page.put(" voice minutes, ")
            page.int(Int(value.dataMB.rounded()))
            page.put(" MB, ")
            page.int(Int(value.sms.rounded()))
            page.put(" SMS, ")
            page.int(Int(value.activeDays.rounded()))
            page.put(" active days a month; products: ")
            page.text(value.products.isEmpty ? "none" : value.products.joined(separator: ", "))
            page.put("</p>")
            if let reason = value.declineReason {
                page.put("<p class=\"warn\">Declining: ")
                page.text(reason)
                page.put("</p>")
            }
            if let play = json.play {
                page.put("<h2>Playbook (")
                page.text(value.stage?.rawValue ?? "")
                page.put(")</h2><p>")
                page.text(play.situation)
                page.put("</p><ul>")
                for action in play.actions {
                    page.put("<li>")
                    page.text(action)
                    page.put("</li>")
                }
                page.put("</ul>")
            }
            if let contact = json.contact {
                page.put("<p>Contact ")
                page.text(contact.frequency)
                page.put(" by ")
                page.text(contact.channels.joined(separator: " or "))
                page.put(": ")
                page.text(contact.content)
                page.put("</p>")
            }
        } else {
            page.put("<p class=\"muted\">Not billed in the last month, or gone: no value or stage.</p>")
        }
        if let risk = json.risk {
            page.put("<h2>Risks</h2><table><tr><th>warning</th><th>score</th><th>why</th></tr><tr><td>churn")
            if risk.churnWarning { page.put(" <span class=\"warn\">warned</span>") }
            page.put("</td><td class=\"n\">")
            page.thousandths(risk.churn)
            page.put("</td><td>")
            page.text(risk.churnReasons.joined(separator: "; "))
            page.put("</td></tr>")
            if let downgrade = risk.downgrade {
                page.put("<tr><td>downgrade")
                if risk.downgradeWarning { page.put(" <span class=\"warn\">warned</span>") }
                page.put("</td><td class=\"n\">")
                page.thousandths(downgrade)
                page.put("</td><td>")
                page.text(risk.downgradeReasons.joined(separator: "; "))
                page.put("</td></tr>")
            }
            page.put("</table>")
        }
        page.put("<h2>Key moments</h2>")
        if json.moments.isEmpty {
            page.put("<p class=\"muted\">None.</p>")
        } else {
            page.put("<table><tr><th>time</th><th>moment</th><th>evidence</th><th>action</th></tr>")
            for moment in json.moments.prefix(20) { page.row(moment.time, moment.kind, moment.evidence, moment.action) }
            page.put("</table>")
        }
        if let panorama = json.panorama {
            page.put("<h2>Anchors</h2><table><tr><th>anchor</th><th>place</th><th>region</th><th>days</th></tr>")
            for anchor in panorama.anchors {
                page.put("<tr><td>")
                page.text(anchor.kind)
                page.put("</td><td>")
                if let place = anchor.place {
                    page.text(anchor.placeName ?? place)
                    page.put(" (")
                    page.text(anchor.placeType ?? "place")
                    page.put(")")
                } else {
                    page.put("no known place")
                }
                page.put("</td><td>")
                page.text(anchor.region ?? "")
                page.put("</td><td class=\"n\">")
                page.int(anchor.days)
                page.put("</td></tr>")
            }
            page.put("</table>")
            let cells = panorama.anchors.compactMap { anchor -> (x: Double, y: Double, value: Double, label: String)? in
                guard let index = territory.cellIndex[anchor.cell] else { return nil }
                let cell = territory.cells[index]
                return (cell.x, cell.y, anchor.kind == "home" ? 1 : 2, anchor.kind + ": cell " + cell.id)
            }
            if !cells.isEmpty { page.map(cells: cells, margin: 1_500, size: 300, legend: "home (light) and work (dark)", scale: "") }
            if let typical = panorama.typicalDay { dayInTheLife(typical, into: &page) }
            for dimension in ["region", "demographic", "preference", "behaviour"] {
                let tags = panorama.tags.filter { $0.dimension == dimension && $0.status == "active" }
                guard !tags.isEmpty else { continue }
                page.put("<h2>")
                page.put(dimension)
                page.put("</h2><table><tr><th>tag</th><th>days</th><th>first – last</th><th>confidence</th><th>evidence</th></tr>")
                for tag in tags {
                    page.put("<tr><td>")
                    page.text(tag.path)
                    page.put("</td><td class=\"n\">")
                    page.int(tag.support)
                    page.put("</td><td>")
                    page.date(tag.first)
                    page.put(" – ")
                    page.date(tag.last)
                    page.put("</td><td class=\"n\">")
                    page.put(tag.confidence.description)
                    page.put("</td><td>")
                    page.text(tag.evidence ?? "")
                    page.put("</td></tr>")
                }
                page.put("</table>")
            }
        }
        page.end()
        return page.bytes
    }

    /// The typical weekday and weekend day: a timeline, the stretches in words, and the
    /// day's cells joined on a map in the order they are visited.
    func dayInTheLife(_ typical: SubscriberView.TypicalDayView, into page: inout PageWriter) {
        page.put("<h2>A day in the life</h2>")
        let days: [(name: StaticString, stretches: [SubscriberView.HoursView], observed: Int, plural: StaticString)] = [
            ("weekday", typical.weekday, typical.weekdaysObserved, "weekdays"),
            ("weekend day", typical.weekend, typical.weekendDaysObserved, "weekend days"),
        ]
        for (name, stretches, observed, plural) in days {
            page.put("<h3>Typical ")
            page.put(name)
            page.put(" <span class=\"muted\">(")
            page.int(observed)
            page.put(" ")
            page.put(plural)
            page.put(" observed)</span></h3>")
            guard !stretches.isEmpty else {
                page.put("<p class=\"muted\">No hour is spent in the same place on enough ")
                page.put(plural)
                page.put(" to call it a habit.</p>")
                continue
            }
            /// The anchor, or the name of the nearest place (`near` holds `name (type)`).
            func label(_ stretch: SubscriberView.HoursView) -> String {
                if let anchor = stretch.anchor { return anchor }
                guard let near = stretch.near.first else { return "cell " + stretch.cell }
                // The type is in the last parentheses: a name may have its own, as "Plaza (North)".
                return near.range(of: " (", options: .backwards).map { String(near[..<$0.lowerBound]) } ?? near
            }
            func place(_ stretch: SubscriberView.HoursView) -> HTML.DayPlace {
                stretch.anchor == "home" ? .home : stretch.anchor == "work" ? .work : .elsewhere
            }
            let labels = stretches.map(label)
            page.timeline(stretches.indices.map { (stretches[$0].from, stretches[$0].to, labels[$0], place(stretches[$0])) })
            page.put("<table><tr><th>#</th><th>hours</th><th>where</th><th>days here of days seen</th></tr>")
            var route: [(x: Double, y: Double)] = []
            var cells: [(x: Double, y: Double, value: Double, label: String)] = []
            for (position, stretch) in stretches.enumerated() {
                let onMap = territory.cellIndex[stretch.cell] != nil
                if let index = territory.cellIndex[stretch.cell] {
                    let cell = territory.cells[index]
                    if route.last.map({ $0.x != cell.x || $0.y != cell.y }) ?? true { route.append((cell.x, cell.y)) }
                    let value: Double = stretch.anchor == "home" ? 1 : stretch.anchor == "work" ? 3 : 2
                    cells.append((cell.x, cell.y, value, labels[position] + ": cell " + cell.id))
                }
                page.put("<tr><td class=\"n\">")
                if onMap { page.int(route.count) } else { page.put("–") }
                page.put("</td><td>")
                page.clock(stretch.from)
                page.put("–")
                page.clock(stretch.to)
                page.put("</td><td>")
                page.text(stretch.anchor ?? "elsewhere")
                page.put(": cell ")
                page.text(stretch.cell)
                for (index, near) in stretch.near.enumerated() {
                    page.put(index == 0 ? ", near " : ", ")
                    page.text(near)
                }
                page.put("</td><td class=\"n\">")
                page.int(stretch.days)
                page.put(" of ")
                page.int(stretch.seen)
                page.put("</td></tr>")
            }
            page.put("</table>")
            if !cells.isEmpty {
                page.map(cells: cells, route: route, margin: 1_500, size: 300, legend: "the \(name), stops in order", scale: "")
            }
        }
    }

    /// The metrics a territory map can be coloured by.
    static let mapMetrics = ["customers", "revenue", "departures", "high_value"]

    func territoryPage(_ node: Territory.Node?, metric: String) -> String {
        let key = (node?.id ?? "") + "?" + metric
        if let page = territoryPages.withLock({ $0[key] }) { return page }
        let page = drawTerritoryPage(node, metric: metric)
        territoryPages.withLock { $0[key] = page }
        return page
    }

    private func drawTerritoryPage(_ node: Territory.Node?, metric: String) -> String {
        var body = "<h1>Territory</h1>" + gapNotes()
        guard let node else {
            body += "<table><tr><th>branch</th><th>customers</th><th>ARPU</th><th>churn</th></tr>"
            for root in territory.roots.compactMap({ territory.nodes[$0] }) {
                body += "<tr><td><a href=\"/territory/\(HTML.url(root.path))\">\(HTML.escape(root.name))</a></td><td class=\"n\">\(root.figures.customers.grouped)</td><td class=\"n\">\(HTML.yuan(root.figures.averageARPU))</td><td class=\"n\">\(HTML.percent(root.figures.churnRate))</td></tr>"
            }
            return HTML.page(title: "Territory", workspace: workspaceName, body: body + "</table>")
        }
        let json = nodeJSON(node)
        let figures = json.figures
        var trail: [Territory.Node] = [node]
        while let parent = trail.last?.parent, let up = territory.nodes[parent] { trail.append(up) }
        body = "<p><a href=\"/territory\">Territory</a> › " + trail.reversed().map { "<a href=\"/territory/\(HTML.url($0.path))\">\(HTML.escape($0.name))</a>" }.joined(separator: " › ") + "</p>"
        body += "<h1>\(HTML.escape(node.name)) <span class=\"muted\">(\(node.level.rawValue) \(HTML.escape(node.id)))</span></h1>" + gapNotes()
        body += "<div class=\"cards\"><div class=\"card\"><b>\(figures.customers.grouped)</b>customers by home</div>"
        body += "<div class=\"card\"><b>\(figures.present.grouped)</b>customers present</div>"
        body += "<div class=\"card\"><b>\(HTML.yuan(figures.averageARPU))</b>ARPU</div>"
        body += "<div class=\"card\"><b>\(HTML.yuan(figures.revenue))</b>revenue, \(figures.revenueGrowth.map { String(format: "%+.1f%%", $0 * 100) } ?? "-") on the month before</div>"
        body += "<div class=\"card\"><b>\(HTML.percent(figures.churnRate))</b>churn last month</div>"
        body += "<div class=\"card\"><b>\(figures.openMoments.grouped)</b>key moments, 30 days</div></div>"
        body += "<h2>Value mix</h2>" + HTML.bars(ValueTier.allCases.map { ($0.rawValue, Double(figures.valueMix[$0.rawValue] ?? 0), (figures.valueMix[$0.rawValue] ?? 0).grouped) })
        body += "<h2>Product penetration and activity</h2>" + HTML.bars(
            figures.productPenetration.sorted { $0.key < $1.key }.map {
                let activity = figures.productActivity[$0.key].map { HTML.percent($0) + " of days used" } ?? "use not known"
                return ($0.key, $0.value, HTML.percent($0.value) + " hold, " + activity)
            }, width: 700)
        let stores = Set(territory.stores(below: node))
        let cells = territory.cells.filter { stores.contains($0.store) }.map { cell -> (x: Double, y: Double, value: Double, label: String) in
            let value: Double =
                switch metric {
                case "revenue": cell.revenue
                case "departures": Double(cell.departures)
                case "high_value": Double(cell.high)
                default: Double(cell.homes)
                }
            return (cell.x, cell.y, value, "cell \(cell.id): \(metric) \(Int(value.rounded()))")
        }
        body += "<h2>Map</h2><p>Colour by: " + Self.mapMetrics.map { name in
            name == metric ? "<b>\(name)</b>" : "<a href=\"/territory/\(HTML.url(node.path))?metric=\(name)\">\(name)</a>"
        }.joined(separator: " · ") + "</p>"
        let circles = node.level == .store ? territory.storeAreas[node.id].map { [$0] } ?? [] : []
        body += HTML.map(cells: cells, circles: circles, legend: "\(metric) by home cell")
        if !json.children.isEmpty {
            body += "<h2>\(HTML.escape(node.level == .branch ? "Centers" : node.level == .center ? "Areas" : "Stores")), ranked by customers</h2>"
            body += "<table><tr><th>#</th><th>name</th><th>customers</th><th>ARPU</th><th>churn</th></tr>"
            for (rank, child) in json.children.enumerated() {
                body += "<tr><td class=\"n\">\(rank + 1)</td><td><a href=\"/territory/\(HTML.url(child.path))\">\(HTML.escape(child.name))</a></td><td class=\"n\">\(child.customers.grouped)</td><td class=\"n\">\(HTML.yuan(child.averageARPU))</td><td class=\"n\">\(HTML.percent(child.churnRate))</td></tr>"
            }
            body += "</table>"
        }
        if let store = json.store {
            body += "<h2>Store</h2><p>Kind: <b>\(HTML.escape(store.kind))</b>, from the places in its radiation area: "
            body += store.placesAround.sorted { $0.key < $1.key }.map { "\(HTML.escape($0.key)) \($0.value)" }.joined(separator: ", ") + ".</p>"
            body += "<h2>Regulars</h2><table><tr><th>customer</th><th>days in the area</th></tr>"
            for regular in store.regulars {
                body += "<tr><td><a href=\"/customers/\(HTML.url(regular.pseudonym))\">\(HTML.escape(regular.masked))</a></td><td class=\"n\">\(regular.days)</td></tr>"
            }
            body += "</table><h2>Top tags of the customers present</h2>"
            body += HTML.bars(store.topTags.map { ($0.name, $0.share, HTML.percent($0.share)) })
        }
        body += "<p><a href=\"/tasks?region=\(HTML.url(node.path))\">Task list for \(HTML.escape(node.name))</a></p>"
        return HTML.page(title: node.name, workspace: workspaceName, body: body)
    }

    func tasksPage(_ node: Territory.Node?, days: Int, offset: Int, limit: Int) -> String {
        let tasks = tasks(in: node, days: days)
        var body = "<h1>Task list\(node.map { " · " + HTML.escape($0.name) } ?? "")</h1>" + gapNotes()
        body += "<p>\(tasks.count.grouped) key moments and warnings in the last \(days) days of data (to \(CivilDate(daysSinceEpoch: Int(lastDay)))), highest value first.</p>"
        body += "<table><tr><th>customer</th><th>tier</th><th>ARPU</th><th>time</th><th>moment</th><th>evidence</th><th>action</th></tr>"
        for task in tasks.dropFirst(offset).prefix(limit) {
            body += "<tr><td><a href=\"/customers/\(HTML.url(task.pseudonym))\">\(HTML.escape(task.masked))</a></td><td>\(HTML.escape(task.tier ?? "-"))</td><td class=\"n\">\(HTML.yuan(task.spend))</td><td>\(HTML.escape(task.time))</td><td>\(HTML.escape(task.kind))</td><td>\(HTML.escape(task.evidence))</td><td>\(HTML.escape(task.action))</td></tr>"
        }
        body += "</table>"
        if offset + limit < tasks.count {
            let region = node.map { "&region=\(HTML.url($0.path))" } ?? ""
            body += "<p><a href=\"/tasks?offset=\(offset + limit)&limit=\(limit)&days=\(days)\(region)\">Next \(limit)</a></p>"
        }
        return HTML.page(title: "Tasks", workspace: workspaceName, body: body)
    }

    func messagePage(title: String, message: String) -> String {
        HTML.page(title: title, workspace: workspaceName, body: "<h1>\(HTML.escape(title))</h1><p>\(HTML.escape(message))</p>")
    }
}
