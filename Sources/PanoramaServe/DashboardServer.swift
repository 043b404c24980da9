import Foundation
import Hummingbird
import PanoramaModel

/// The routes of the dashboard: pages for people, the same data as JSON under `/api`, and
/// the OpenAPI document. Errors are pages for people and JSON (`status`, `message`) for the API.
public enum DashboardServer {
    /// Longest path or query value accepted; longer ones are refused with 400.
    static let longest = 200

    public static func router(_ dashboard: Dashboard) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in html(dashboard.overviewPage()) }
        router.get("/customers") { request, _ in
            guard let number = request.uri.queryParameters["number"].map(String.init), !number.isEmpty else {
                return html(dashboard.messagePage(title: "Look up a customer", message: "Enter a customer's number in the box above."), status: .badRequest)
            }
            guard number.count <= 20, number.allSatisfy({ $0.isNumber || $0 == "+" }) else {
                return html(dashboard.messagePage(title: "Not a number", message: "A customer number has 5 to 20 digits."), status: .badRequest)
            }
            guard let customer = try dashboard.customer(number: number) else {
                return html(dashboard.messagePage(title: "Unknown customer", message: "No customer \(MaskedNumber(number: number)) in this workspace."), status: .notFound)
            }
            return Response(status: .seeOther, headers: [.location: "/customers/\(customer.pseudonym)"])
        }
        router.get("/customers/:pseudonym") { _, context in
            guard let key = context.parameters.get("pseudonym"), key.count <= longest, let customer = dashboard.customer(pseudonym: key) else {
                return html(dashboard.messagePage(title: "Unknown customer", message: "No customer with this pseudonym."), status: .notFound)
            }
            return html(dashboard.customerPage(customer))
        }
        router.get("/territory") { request, _ in
            html(dashboard.territoryPage(nil, metric: metric(request)))
        }
        router.get("/territory/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard path.count <= longest, let node = dashboard.territory.node(path) else {
                return html(dashboard.messagePage(title: "Unknown territory", message: "There is no region \(path.prefix(longest)) in this workspace."), status: .notFound)
            }
            return html(dashboard.territoryPage(node, metric: metric(request)))
        }
        router.get("/tasks") { request, _ in
            switch paging(request, dashboard) {
            case .failure(let message): return html(dashboard.messagePage(title: "Bad request", message: message), status: .badRequest)
            case .success(let page): return html(dashboard.tasksPage(page.node, days: page.days, offset: page.offset, limit: page.limit))
            }
        }

        router.get("/api/overview") { _, _ in try json(dashboard.overview()) }
        router.get("/api/customers") { request, _ in
            guard let number = request.uri.queryParameters["number"].map(String.init), number.count <= 20,
                number.count >= 5, number.allSatisfy({ $0.isNumber || $0 == "+" })
            else { return try failure(.badRequest, "number must be a customer number of 5 to 20 digits") }
            guard let customer = try dashboard.customer(number: number) else { return try failure(.notFound, "no such customer") }
            return try json(dashboard.customerJSON(customer))
        }
        router.get("/api/customers/:pseudonym") { _, context in
            guard let key = context.parameters.get("pseudonym"), key.count <= longest, let customer = dashboard.customer(pseudonym: key) else {
                return try failure(.notFound, "no customer with this pseudonym")
            }
            return try json(dashboard.customerJSON(customer))
        }
        router.get("/api/territory") { _, _ in
            try json(dashboard.territory.roots.compactMap { dashboard.territory.nodes[$0] }.map(dashboard.nodeJSON))
        }
        router.get("/api/territory/**") { _, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard path.count <= longest else { return try failure(.badRequest, "the territory path is longer than \(longest) characters") }
            guard let node = dashboard.territory.node(path) else { return try failure(.notFound, "no region \(path)") }
            return try json(dashboard.nodeJSON(node))
        }
        router.get("/api/tasks") { request, _ in
            switch paging(request, dashboard) {
            case .failure(let message): return try failure(.badRequest, message)
            case .success(let page):
                let tasks = dashboard.tasks(in: page.node, days: page.days)
                return try json(API.Page(items: Array(tasks.dropFirst(page.offset).prefix(page.limit)), total: tasks.count, offset: page.offset, limit: page.limit))
            }
        }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        router.get("/api/**") { _, _ in try failure(.notFound, "no such endpoint; see /openapi.yaml") }
        router.get("/**") { _, _ in html(dashboard.messagePage(title: "Not found", message: "There is no such page."), status: .notFound) }
        return router
    }

    /// The application serving `dashboard` on a host and port.
    public static func application(_ dashboard: Dashboard, host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(dashboard), configuration: .init(address: .hostname(host, port: port), serverName: "Panorama"))
    }

    struct Paging {
        var node: Territory.Node?
        var days: Int
        var offset: Int
        var limit: Int
    }

    enum Checked<Value> {
        case success(Value)
        case failure(String)
    }

    /// The task list's parameters: `region`, `days` (1–90, default 7), `offset` and `limit` (1–500, default 50).
    static func paging(_ request: Request, _ dashboard: Dashboard) -> Checked<Paging> {
        let query = request.uri.queryParameters
        func number(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) -> Int? {
            guard let text = query[Substring(name)] else { return fallback }
            guard let value = Int(String(text)), range.contains(value) else { return nil }
            return value
        }
        guard let days = number("days", 7, 1...90) else { return .failure("days must be a whole number from 1 to 90") }
        guard let offset = number("offset", 0, 0...10_000_000) else { return .failure("offset must be a whole number of 0 or more") }
        guard let limit = number("limit", 50, 1...500) else { return .failure("limit must be a whole number from 1 to 500") }
        var node: Territory.Node?
        if let region = query["region"].map(String.init), !region.isEmpty {
            guard region.count <= longest, let found = dashboard.territory.node(region) else {
                return .failure("region must be a territory path such as BR-1/MC-1")
            }
            node = found
        }
        return .success(Paging(node: node, days: days, offset: offset, limit: limit))
    }

    static func metric(_ request: Request) -> String {
        let asked = request.uri.queryParameters["metric"].map(String.init) ?? "customers"
        return Dashboard.mapMetrics.contains(asked) ? asked : "customers"
    }

    static func html(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func failure(_ status: HTTPResponse.Status, _ message: String) throws -> Response {
        try json(API.Failure(status: status.code, message: message), status: status)
    }
}
