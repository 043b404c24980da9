import Foundation
import PanoramaBuild
import PanoramaEngine
import PanoramaModel
import PanoramaRisk
import PanoramaStore
import PanoramaValue
import Synchronization

/// Everything the pages show, read from a workspace once when the server starts: the
/// customers' panorama, value, risk and key moments, and the territory with each node's
/// figures. Requests then only look things up, so pages are fast and never touch the disk.
public final class Dashboard: Sendable {
    public struct Customer: Sendable {
        public let index: UInt32
        public let pseudonym: String
        public let masked: String
        /// Territory path of the home's store, from the panorama.
        public let homePath: String?
        /// Cell index of the home anchor, for maps.
        public let homeCell: Int32?
        /// Stores in whose radiation area the customer stayed, with the days.
        public let stores: [(id: String, days: Int)]
        /// Active tag paths.
        public let tags: [String]
    }

    public let workspaceName: String
    /// For looking customers up by number: the number is hashed, never kept.
    let workspace: Workspace
    public let utcOffset: UTCOffset
    public let customers: [Customer]
    let indexByPseudonym: [String: UInt32]
    let reader: PanoramaReader?
    /// Panorama states by subscriber index, when the panorama was built.
    let states: [SubscriberState?]
    public let value: ValueAssessment?
    /// Risk scores by subscriber index, when a model was trained.
    public let scores: [RiskScore?]
    public let scoredMonth: CalendarMonth?
    /// Key moments by subscriber index, newest first.
    public let moments: [[KeyMoment]]
    /// The last day of data: "today" for the task lists.
    public let lastDay: Int32
    public let territory: Territory
    /// Per store id: the customers who stayed in its radiation area, with the days, most first.
    let storeCustomers: [String: [(index: UInt32, days: Int)]]
    /// The API view of each territory node, filled when the dashboard loads.
    let nodeCache = Mutex<[String: API.Node]>([:])
    /// Territory pages by node and map metric: the snapshot never changes, so each is drawn once.
    let territoryPages = Mutex<[String: String]>([:])
    /// Task lists by node and days, ranked once and then paged.
    let taskLists = Mutex<[String: [API.Task]]>([:])
    public let products: [Product]
    /// Per month: customers billed and customers who left (port-out or cancellation).
    public let churnTrend: [(month: String, active: Int, departures: Int)]
    /// Why a part is missing (never built, never trained), in sentences that say what to run.
    public let gaps: [String]

    public init(workspace: Workspace) throws {
        let path = workspace.layout.root.path
        self.workspace = workspace
        workspaceName = workspace.layout.root.lastPathComponent
        utcOffset = workspace.configuration.utcOffset
        var gaps: [String] = []
        let keys = try workspace.allSubscriberKeys()
        var byPseudonym: [String: UInt32] = [:]
        for key in keys { byPseudonym[key.pseudonym] = key.index }
        indexByPseudonym = byPseudonym
        let count = (keys.map { Int($0.index) }.max() ?? -1) + 1

        var states = [SubscriberState?](repeating: nil, count: count)
        var reader: PanoramaReader?
        do {
            let opened = try PanoramaReader(workspace: workspace)
            for partition in 0..<opened.partitions {
                for state in try opened.states(partition: partition) where Int(state.subscriber) < count { states[Int(state.subscriber)] = state }
            }
            reader = opened
        } catch PanoramaBuildError.notBuilt {
            gaps.append("The panorama has not been built: run `panorama build \(path)` for anchors, tags and the territory's customers.")
        }
        self.reader = reader
        self.states = states
        var customers: [Customer] = []
        customers.reserveCapacity(count)
        var masked = [String](repeating: "", count: count)
        var pseudonyms = [String](repeating: "", count: count)
        for key in keys {
            masked[Int(key.index)] = key.masked
            pseudonyms[Int(key.index)] = key.pseudonym
        }
        for index in 0..<count {
            guard let state = states[index], let reader else {
                customers.append(Customer(index: UInt32(index), pseudonym: pseudonyms[index], masked: masked[index], homePath: nil, homeCell: nil, stores: [], tags: []))
                continue
            }
            let view = reader.view(state, pseudonym: pseudonyms[index], masked: masked[index])
            let home = view.anchors.first { $0.kind == "home" }
            customers.append(
                Customer(
                    index: UInt32(index), pseudonym: pseudonyms[index], masked: masked[index], homePath: home?.region,
                    homeCell: state.anchor(.home)?.cell, stores: view.stores.map { ($0.store, $0.days) },
                    tags: view.tags.filter { $0.status == "active" }.map(\.path)))
        }
        self.customers = customers

        let ledger = try workspace.customerLedger()
        products = ledger.products
        var trend: [(month: String, active: Int, departures: Int)] = []
        for (index, month) in ledger.months.enumerated() {
            let first = Int32(month.firstDay.daysSinceEpoch)
            let last = month.lastDay
            var active = 0
            var departures = 0
            for subscriber in 0..<ledger.subscribers {
                if !ledger.usage.arpu[index * ledger.subscribers + subscriber].isNaN { active += 1 }
                if let day = ledger.departureDay(of: subscriber), day >= first && day <= last { departures += 1 }
            }
            trend.append((month.description, active, departures))
        }
        churnTrend = trend
        var value: ValueAssessment?
        do {
            value = try ValueAssessor(settings: workspace.configuration.valueSettings).assess(ledger)
        } catch {
            gaps.append("There is no monthly usage, so no value, lifecycle or risk: ingest a usage.csv.")
        }
        self.value = value
        let (graph, calls) = try workspace.callRecords(ledger)
        let extractor = RiskFeatureExtractor(ledger: ledger, graph: graph, calls: calls)
        let models = try workspace.trainedModels()
        if models == nil {
            gaps.append("No risk model has been trained: run `panorama risk train \(path)` for churn and downgrade warnings.")
        }
        let finding = try workspace.keyMoments(extractor, models: models)
        var scores = [RiskScore?](repeating: nil, count: count)
        for score in finding.scores ?? [] where Int(score.subscriber) < count { scores[Int(score.subscriber)] = score }
        self.scores = scores
        scoredMonth = finding.scores == nil ? nil : ledger.months.last
        // Without any records or usage, "today" is the epoch: nothing is recent.
        let lastDay = finding.lastDay ?? 0
        self.lastDay = lastDay
        var moments = [[KeyMoment]](repeating: [], count: count)
        for moment in finding.moments.reversed() where Int(moment.subscriber) < count {
            moments[Int(moment.subscriber)].append(moment)
        }
        self.moments = moments
        territory = try Territory(
            reference: workspace.referenceData(), customers: customers, value: value, ledger: ledger, moments: moments,
            lastDay: lastDay, utcOffset: utcOffset.seconds, defaultRadius: workspace.configuration.radiationRadiusMeters)
        var byStore: [String: [(index: UInt32, days: Int)]] = [:]
        for customer in customers { for store in customer.stores { byStore[store.id, default: []].append((customer.index, store.days)) } }
        storeCustomers = byStore.mapValues { $0.sorted { ($0.days, $1.index) > ($1.days, $0.index) } }
        self.gaps = gaps
        for node in territory.nodes.values { _ = nodeJSON(node) }
    }

    /// The customer with this full number.
    public func customer(number: String) throws -> Customer? {
        guard let summary = try workspace.subscriber(number: number), Int(summary.index) < customers.count else { return nil }
        return customers[Int(summary.index)]
    }

    /// The customer with this pseudonym.
    public func customer(pseudonym: String) -> Customer? {
        indexByPseudonym[pseudonym].flatMap { Int($0) < customers.count ? customers[Int($0)] : nil }
    }

    /// The full panorama of a customer, as `profile` shows it.
    public func view(of customer: Customer) -> SubscriberView? {
        guard let reader, let state = states[Int(customer.index)] else { return nil }
        return reader.view(state, pseudonym: customer.pseudonym, masked: customer.masked)
    }

    public func value(of customer: Customer) -> CustomerValue? {
        guard let value, Int(customer.index) < value.customers.count else { return nil }
        return value.customers[Int(customer.index)]
    }
}
