import Foundation
import PanoramaBuild
import PanoramaModel
import PanoramaRisk
import PanoramaValue

/// The JSON the API returns, built from the dashboard; the pages render the same values.
enum API {
    struct Overview: Codable {
        struct Share: Codable {
            var name: String
            var customers: Int
            var share: Double
        }
        struct MonthChurn: Codable {
            var month: String
            var active: Int
            var departures: Int
            var rate: Double
        }
        var workspace: String
        var customers: Int
        var activeCustomers: Int
        var valueMonth: String?
        var valueMix: [Share]
        var topTags: [String: [Share]]
        var productPenetration: [Share]
        var churnTrend: [MonthChurn]
        var gaps: [String]
    }

    struct Moment: Codable {
        var time: String
        var kind: String
        var evidence: String
        var action: String
    }

    struct Customer: Codable {
        var pseudonym: String
        var masked: String
        var value: CustomerValue?
        var play: RetentionPlaybook.Play?
        var contact: RetentionPlaybook.ContactPolicy?
        var risk: RiskScore?
        var moments: [Moment]
        var panorama: SubscriberView?
    }

    struct Child: Codable {
        var id: String
        var name: String
        var level: String
        var path: String
        var customers: Int
        var averageARPU: Double
        var churnRate: Double
    }

    struct Figures: Codable {
        var customers: Int
        var present: Int
        var averageARPU: Double
        var revenue: Double
        var revenueGrowth: Double?
        var churnRate: Double
        var valueMix: [String: Int]
        var productPenetration: [String: Double]
        var productActivity: [String: Double]
        var openMoments: Int
    }

    struct Node: Codable {
        var id: String
        var name: String
        var level: String
        var path: String
        var figures: Figures
        /// Children ranked by customers.
        var children: [Child]
        var store: Store?
    }

    struct Store: Codable {
        var kind: String
        var placesAround: [String: Int]
        var regulars: [Regular]
        var topTags: [Overview.Share]
    }

    struct Regular: Codable {
        var pseudonym: String
        var masked: String
        var days: Int
    }

    struct Task: Codable {
        var pseudonym: String
        var masked: String
        var tier: String?
        var spend: Double
        var time: String
        var kind: String
        var evidence: String
        var action: String
    }

    struct Page<Item: Codable>: Codable {
        var items: [Item]
        var total: Int
        var offset: Int
        var limit: Int
    }

    struct Failure: Codable {
        var status: Int
        var message: String
    }
}

extension Dashboard {
    func isoTime(_ time: Int64) -> String { utcOffset.isoTime(time) }

    func overview() -> API.Overview {
        let active = value?.customers.filter(\.isActive) ?? []
        func share(_ name: String, _ count: Int, of total: Int) -> API.Overview.Share {
            API.Overview.Share(name: name, customers: count, share: total > 0 ? Double(count) / Double(total) : 0)
        }
        var tagCounts: [String: Int] = [:]
        for customer in customers { for tag in customer.tags { tagCounts[tag, default: 0] += 1 } }
        var topTags: [String: [API.Overview.Share]] = [:]
        for dimension in ["region", "demographic", "preference", "behaviour"] {
            topTags[dimension] = tagCounts.filter { $0.key.hasPrefix(dimension + "/") }
                .sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(6)
                .map { share($0.key, $0.value, of: customers.count) }
        }
        var productCounts: [String: Int] = [:]
        for customer in active { for product in customer.products { productCounts[product, default: 0] += 1 } }
        return API.Overview(
            workspace: workspaceName, customers: customers.count, activeCustomers: active.count, valueMonth: value?.month.description,
            valueMix: ValueTier.allCases.map { tier in share(tier.rawValue, active.filter { $0.tier == tier }.count, of: active.count) },
            topTags: topTags,
            productPenetration: products.filter { $0.kind != .plan }.map { share($0.id, productCounts[$0.id] ?? 0, of: active.count) },
            churnTrend: churnTrend.map {
                API.Overview.MonthChurn(month: $0.month, active: $0.active, departures: $0.departures, rate: $0.active > 0 ? Double($0.departures) / Double($0.active) : 0)
            },
            gaps: gaps)
    }

    func customerJSON(_ customer: Customer) -> API.Customer {
        let value = value(of: customer)
        return API.Customer(
            pseudonym: customer.pseudonym, masked: customer.masked, value: value?.rounded(), play: value?.stage.map(RetentionPlaybook.play(for:)),
            contact: value?.tier.map(RetentionPlaybook.contactPolicy(for:)), risk: scores[Int(customer.index)],
            moments: moments[Int(customer.index)].prefix(50).map { API.Moment(time: isoTime($0.time), kind: $0.kind.rawValue, evidence: $0.evidence, action: $0.action) },
            panorama: view(of: customer))
    }

    /// A node's figures, children and store details, computed once per node: a store's
    /// regulars and top tags go over everyone present in its area.
    func nodeJSON(_ node: Territory.Node) -> API.Node {
        if let cached = nodeCache.withLock({ $0[node.id] }) { return cached }
        let computed = computeNodeJSON(node)
        nodeCache.withLock { $0[node.id] = computed }
        return computed
    }

    private func computeNodeJSON(_ node: Territory.Node) -> API.Node {
        let figures = node.figures
        let children = node.children.compactMap { territory.nodes[$0] }
            .sorted { ($0.figures.customers, $1.id) > ($1.figures.customers, $0.id) }
            .map {
                API.Child(
                    id: $0.id, name: $0.name, level: $0.level.rawValue, path: $0.path, customers: $0.figures.customers,
                    averageARPU: $0.figures.averageARPU, churnRate: $0.figures.churnRate)
            }
        var store: API.Store?
        if node.level == .store {
            let (kind, around) = territory.storeKind(node.id)
            let present = storeCustomers[node.id] ?? []
            var tagCounts: [String: Int] = [:]
            for entry in present { for tag in customers[Int(entry.index)].tags { tagCounts[tag, default: 0] += 1 } }
            let presentCount = present.count
            store = API.Store(
                kind: kind, placesAround: around,
                regulars: present.prefix(10).map {
                    API.Regular(pseudonym: customers[Int($0.index)].pseudonym, masked: customers[Int($0.index)].masked, days: $0.days)
                },
                topTags: tagCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10).map {
                    API.Overview.Share(name: $0.key, customers: $0.value, share: presentCount > 0 ? Double($0.value) / Double(presentCount) : 0)
                })
        }
        var penetration: [String: Double] = [:]
        var activity: [String: Double] = [:]
        for product in products where product.kind != .plan {
            penetration[product.id] = figures.penetration(product.id)
            if let known = figures.activity(product.id) { activity[product.id] = known }
        }
        return API.Node(
            id: node.id, name: node.name, level: node.level.rawValue, path: node.path,
            figures: API.Figures(
                customers: figures.customers, present: figures.present, averageARPU: figures.averageARPU, revenue: figures.revenue,
                revenueGrowth: figures.revenueGrowth, churnRate: figures.churnRate, valueMix: figures.valueMix, productPenetration: penetration, productActivity: activity,
                openMoments: figures.openMoments),
            children: children, store: store)
    }

    /// The key moments and churn warnings of the last `days` days of data for customers whose
    /// home is in `node` (everyone without a node), highest spend first.
    func tasks(in node: Territory.Node?, days: Int) -> [API.Task] {
        let key = "\(node?.id ?? "")?\(days)"
        if let cached = taskLists.withLock({ $0[key] }) { return cached }
        let ranked = rankTasks(in: node, days: days)
        taskLists.withLock { $0[key] = ranked }
        return ranked
    }

    private func rankTasks(in node: Territory.Node?, days: Int) -> [API.Task] {
        let since = utcOffset.start(ofDay: lastDay - Int32(days) + 1)
        var tasks: [(Double, UInt32, Int64, API.Task)] = []
        for customer in customers {
            if let node {
                guard let home = customer.homePath, territory.contains(node, path: home) else { continue }
            }
            let value = value(of: customer)
            let spend = value?.spend ?? 0
            for moment in moments[Int(customer.index)] where moment.time >= since {
                tasks.append(
                    (spend, customer.index, moment.time,
                     API.Task(
                        pseudonym: customer.pseudonym, masked: customer.masked, tier: value?.tier?.rawValue, spend: spend,
                        time: isoTime(moment.time), kind: moment.kind.rawValue, evidence: moment.evidence, action: moment.action)))
            }
        }
        tasks.sort { ($0.0, $1.1, $0.2) > ($1.0, $0.1, $1.2) }
        return tasks.map(\.3)
    }
}
