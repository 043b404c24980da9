import Foundation
import Hummingbird
import HummingbirdTesting
import PanoramaBuild
import PanoramaIngest
import PanoramaModel
import PanoramaRisk
import PanoramaSimulation
import PanoramaStore
import PanoramaTestSupport
import Testing
import Yams

@testable import PanoramaServe

/// A demo city of 400 subscribers, ingested, built and trained once for every test, with
/// a store renamed to markup to check that names are escaped.
final class ServedCity: Sendable {
    let temporary: TemporaryDirectory
    let dashboard: Dashboard

    static let shared: Result<ServedCity, any Error> = Result { try ServedCity() }

    init() throws {
        temporary = try TemporaryDirectory()
        let input = temporary.path("city")
        try DemoCity(subscribers: 400, days: 2, seed: 3).write(to: input, workers: 2)
        let workspace = try Workspace.create(at: temporary.path("workspace"), configuration: WorkspaceConfiguration(partitions: 4))
        _ = try Ingest.run(workspace: workspace, input: input, options: Ingest.Options(workers: 2))
        let rename = temporary.path("rename")
        try FileManager.default.createDirectory(at: rename, withIntermediateDirectories: true)
        let regions = try String(contentsOf: input.appendingPathComponent("regions.csv"), encoding: .utf8)
        let store = try #require(regions.split(separator: "\n").first { $0.contains(",store,") })
        var fields = store.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[1] = "\"<script>alert(1)</script> Store\""
        try ("id,name,level,parent,latitude,longitude,radius_m\n" + fields.joined(separator: ",") + "\n")
            .write(to: rename.appendingPathComponent("regions.csv"), atomically: true, encoding: .utf8)
        _ = try Ingest.run(workspace: workspace, input: rename, options: Ingest.Options(workers: 2))
        _ = try PanoramaBuilder(workspace: workspace).run()
        try workspace.save(try RiskTrainer(extractor: try workspace.riskFeatureExtractor()).train())
        dashboard = try Dashboard(workspace: workspace)
    }

    static func get() throws -> ServedCity { try shared.get() }
}

@Suite struct DashboardServerTests {
    func app() throws -> some ApplicationProtocol {
        Application(router: DashboardServer.router(try ServedCity.get().dashboard))
    }

    @Test func theOverviewShowsTotalsAndCharts() async throws {
        let dashboard = try ServedCity.get().dashboard
        #expect(dashboard.gaps.isEmpty)
        try await app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.contains("<b>400</b>customers"))
                #expect(page.contains("Value mix") && page.contains("Churn by month") && page.contains("<svg"))
                #expect(!page.contains("<script"), "no scripts on the pages")
            }
            try await client.execute(uri: "/api/overview", method: .get) { response in
                let overview = try JSONDecoder().decode(API.Overview.self, from: Data(buffer: response.body))
                #expect(overview.customers == 400 && overview.activeCustomers > 300)
                #expect(overview.valueMix.map(\.name) == ["high", "general", "ordinary"])
                #expect(overview.churnTrend.count == 12)
            }
        }
    }

    @Test func aCustomerIsLookedUpByNumberAndShownMasked() async throws {
        try await app().test(.router) { client in
            let location = try await client.execute(uri: "/customers?number=13812345678", method: .get) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location.hasPrefix("/customers/") && !location.contains("13812345678"))
            try await client.execute(uri: location, method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("Customer 138****5678") && !page.contains("13812345678"))
                #expect(page.contains("value tier") && page.contains("Playbook") && page.contains("Anchors"))
                #expect(page.contains("A day in the life") && page.contains("Typical weekday") && page.contains("aria-label=\"timeline\""))
                #expect(page.contains("09:00 home</title>") && page.contains("work</title>"), "home until nine, then work")
            }
            try await client.execute(uri: "/api/customers?number=13812345678", method: .get) { response in
                let customer = try JSONDecoder().decode(API.Customer.self, from: Data(buffer: response.body))
                #expect(customer.masked == "138****5678")
                #expect(customer.value?.tier != nil && customer.panorama?.anchors.isEmpty == false)
                #expect(customer.risk != nil)
                let night = customer.panorama?.typicalDay?.weekday.first { $0.from <= 3 && $0.to > 3 }
                #expect(night?.anchor == "home" && night?.seen == 2, "two weekdays seen, both at home at night")
            }
        }
    }

    @Test func badRequestsAreClearErrors() async throws {
        try await app().test(.router) { client in
            for (uri, status) in [
                ("/api/customers/nobody", HTTPResponse.Status.notFound), ("/api/customers?number=12", .badRequest),
                ("/api/customers?number=13900000000", .notFound), ("/api/tasks?days=0", .badRequest), ("/api/tasks?limit=x", .badRequest),
                ("/api/tasks?region=BR-9", .badRequest), ("/api/territory/BR-9", .notFound),
                ("/api/territory/" + String(repeating: "A/", count: 150), .badRequest), ("/api/nothing", .notFound),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    #expect(response.headers[.contentType] == "application/json", "\(uri)")
                    let failure = try JSONDecoder().decode(API.Failure.self, from: Data(buffer: response.body))
                    #expect(failure.status == Int(status.code) && !failure.message.isEmpty, "\(uri)")
                }
            }
            for (uri, status) in [("/customers/nobody", HTTPResponse.Status.notFound), ("/territory/BR-9", .notFound), ("/nothing", .notFound)] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    #expect(String(buffer: response.body).contains("<h1>"), "\(uri)")
                }
            }
        }
    }

    @Test func theTerritoryTreeHasMapsFiguresAndRankedChildren() async throws {
        let dashboard = try ServedCity.get().dashboard
        let branch = try #require(dashboard.territory.roots.first.flatMap { dashboard.territory.nodes[$0] })
        #expect(branch.figures.customers > 0)
        let total = dashboard.territory.roots.compactMap { dashboard.territory.nodes[$0]?.figures.customers }.reduce(0, +)
        #expect(total <= dashboard.overview().activeCustomers)
        try await app().test(.router) { client in
            try await client.execute(uri: "/territory/\(branch.path)?metric=revenue", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("aria-label=\"map: revenue by home cell\""))
                #expect(page.contains("customers by home") && page.contains("ranked by customers"))
                #expect(page.contains("Product penetration and activity") && page.contains("of days used"))
            }
            try await client.execute(uri: "/api/territory/\(branch.path)", method: .get) { response in
                let node = try JSONDecoder().decode(API.Node.self, from: Data(buffer: response.body))
                #expect(node.figures.customers == branch.figures.customers)
                #expect(node.children.map(\.customers) == node.children.map(\.customers).sorted(by: >))
                // Activity is a share of days used: never above the share holding the product, and some is used.
                #expect(Set(node.figures.productActivity.keys) == Set(node.figures.productPenetration.keys))
                #expect(node.figures.productActivity.allSatisfy { $0.value <= (node.figures.productPenetration[$0.key] ?? 0) })
                #expect(node.figures.productActivity.values.contains { $0 > 0 })
            }
        }
    }

    @Test func aStorePageEscapesItsNameAndShowsItsKindAndRegulars() async throws {
        let dashboard = try ServedCity.get().dashboard
        let store = try #require(dashboard.territory.nodes.values.first { $0.name.contains("<script>") })
        try await app().test(.router) { client in
            try await client.execute(uri: "/territory/\(store.path)", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Store"))
                #expect(!page.contains("<script>"))
                #expect(page.contains("Kind: <b>") && page.contains("Regulars"))
            }
        }
    }

    @Test func theTaskListPagesThroughMomentsByValue() async throws {
        try await app().test(.router) { client in
            let first = try await client.execute(uri: "/api/tasks?days=90&limit=5", method: .get) { response in
                try JSONDecoder().decode(API.Page<API.Task>.self, from: Data(buffer: response.body))
            }
            #expect(first.items.count == 5 && first.total > 5)
            #expect(first.items.map(\.spend) == first.items.map(\.spend).sorted(by: >))
            let second = try await client.execute(uri: "/api/tasks?days=90&limit=5&offset=5", method: .get) { response in
                try JSONDecoder().decode(API.Page<API.Task>.self, from: Data(buffer: response.body))
            }
            #expect(second.offset == 5 && second.items.first?.spend ?? 0 <= first.items.last?.spend ?? 0)
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("openapi: 3.1.0") && text.contains("/api/tasks:") && text.contains("/api/customers/{pseudonym}:"))
                let document = try Yams.load(yaml: text) as? [String: Any]
                let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any]
                #expect(schemas?["Hours"] != nil && schemas?["Customer"] != nil, "the document parses, with its schemas")
            }
        }
    }
}

@Suite struct HTMLTests {
    @Test func markupInDataIsEscaped() {
        #expect(HTML.escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.page(title: "<b>", workspace: "w<", body: "").contains("<title>&lt;b&gt; · Panorama</title>"))
    }

    @Test func mapCoordinatesHaveOneDecimal() {
        #expect(HTML.tenths(12.34) == "12.3" && HTML.tenths(-0.25) == "-0.3" && HTML.tenths(0) == "0.0" && HTML.tenths(.nan) == "0")
        #expect(HTML.thousandths(0.0525) == "0.053" && HTML.thousandths(0.5) == "0.500" && HTML.percent(0.1234) == "12.3%")
        let svg = HTML.map(cells: [(0, 0, 1, "a"), (100, 100, 2, "b<")], legend: "x")
        #expect(svg.contains("<title>b&lt;</title>") && svg.contains("cx=\"20.0\""))
    }

    func written(_ write: (inout PageWriter) -> Void) -> String {
        var page = PageWriter(capacity: 64)
        write(&page)
        return String(decoding: page.bytes, as: UTF8.self)
    }

    @Test func thePageWriterEscapesValuesAndWritesNumbersDigitByDigit() {
        #expect(written { $0.text("<script>alert('x') & \"y\"</script>") } == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(written { $0.text("Xinghe Bay 星河湾") } == "Xinghe Bay 星河湾", "text with nothing to escape is copied whole")
        #expect(written { $0.text("a<b"[...].dropFirst()) } == "&lt;b")
        #expect(written { $0.row("a", "<b>") } == "<tr><td>a</td><td>&lt;b&gt;</td></tr>")
        #expect(written { $0.tenths(2.25) } == "2.3" && written { $0.tenths(-12.34) } == "-12.3" && written { $0.tenths(.nan) } == "0")
        #expect(written { $0.thousandths(-0.0005) } == "-0.001" && written { $0.thousandths(.infinity) } == "?")
        #expect(written { $0.percent(0.1234) } == "12.3%")
        #expect(written { $0.int(-1_204) } == "-1204" && written { $0.int(0) } == "0" && written { $0.int(Int.max) } == String(Int.max))
        #expect(written { $0.date(CivilDate(year: 2026, month: 3, day: 7)!) } == "2026-03-07")
        #expect(written { $0.clock(7) } + written { $0.clock(24) } == "07:0024:00")
    }

    @Test func aTimelineDrawsEachStretchWithItsHoursAndPlace() {
        let svg = written { $0.timeline([(0, 8, "home", .home), (9, 18, "Tower <1>", .work), (20, 21, "gym", .elsewhere)]) }
        #expect(svg.contains("<title>00:00–08:00 home</title>") && svg.contains("<title>09:00–18:00 Tower &lt;1&gt;</title>"))
        #expect(svg.contains("fill=\"#08519c\"") && svg.contains("fill=\"#fff\">Tower &lt;1&gt;</text>"), "work is dark, its label light")
        #expect(!svg.contains(">gym</text>"), "an hour is too short for a label: the tooltip has it")
    }

    @Test func aProductsActivityIsLeftOutWhereNotGivenAndTakenOnceForTwoSubscriptions() {
        var builder = LedgerBuilder(subscribers: 2, months: 2)
        builder.products = [
            Product(id: "MUSIC", name: "Music", kind: .dataService, monthlyPrice: 5, launchDate: nil),
            Product(id: "FETION", name: "Fetion", kind: .dataService, monthlyPrice: 0, launchDate: nil),
        ]
        let start = LedgerBuilder.day(2026, 1, 1)
        builder.spans = [
            (0, SubscriptionSpan(product: 0, startDay: start, endDay: .max, activity: 0.2)),
            (0, SubscriptionSpan(product: 0, startDay: start, endDay: .max, activity: 0.6)),
            (0, SubscriptionSpan(product: 1, startDay: start, endDay: .max, activity: .nan)),
            (1, SubscriptionSpan(product: 1, startDay: start, endDay: start + 3, activity: 0.9)),
        ]
        let ledger = builder.ledger
        let open = Territory.openProducts(ledger.subscriptions[0], of: ledger, on: start + 30)
        #expect(open.map(\.product) == ["MUSIC", "FETION"])
        #expect(open[0].activity == Double(Float(0.6)) && open[1].activity == nil)
        #expect(Territory.openProducts(ledger.subscriptions[1], of: ledger, on: start + 30).isEmpty, "a closed subscription is not held")

        var figures = Territory.Figures()
        figures.customers = 4
        figures.productCustomers = ["MUSIC": 2, "FETION": 1]
        figures.productUse = ["MUSIC": 0.5]
        figures.productUseKnown = ["MUSIC": 1]
        #expect(figures.penetration("MUSIC") == 0.5)
        #expect(figures.activity("MUSIC") == 0.25, "the holder whose use is unknown is taken to use it as the other")
        #expect(figures.activity("FETION") == nil)
    }
}
