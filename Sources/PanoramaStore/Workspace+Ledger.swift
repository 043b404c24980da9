import Foundation
import GRDB
import PanoramaModel

extension Workspace {
    /// How many months of usage the customer ledger keeps, up to the latest.
    public static let ledgerMonths = 36

    /// Every subscriber's customer facts: profile, monthly usage, products, handsets,
    /// complaints and departures, in the columns the value and risk computations read.
    ///
    /// Rows are read with cursors, never held as row objects, so the ledger of a million
    /// subscribers with a year of usage takes a few hundred megabytes. Months are dense
    /// columns, so a row with a mistyped year would otherwise take gigabytes: usage is kept
    /// for the regular months only (those with at least a tenth of the busiest month's rows),
    /// from the latest of them back at most `ledgerMonths` months.
    public func customerLedger() throws -> CustomerLedger {
        let offset = configuration.utcOffset
        func day(_ time: Int64) -> Int32 { offset.localDay(of: time) }
        func day(_ text: String?) -> Int32? { text.flatMap(CivilDate.init(text:)).map { Int32($0.daysSinceEpoch) } }
        return try database.read { db in
            let subscribers = try Int.fetchOne(db, sql: "SELECT count(*) FROM subscriber") ?? 0
            var products: [Product] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, name, kind, monthly_price, launch_date FROM product ORDER BY id") {
                guard let kind = ProductKind(rawValue: row[2]) else { continue }
                products.append(
                    Product(id: row[0], name: row[1], kind: kind, monthlyPrice: row[3], launchDate: (row[4] as String?).flatMap(CivilDate.init(text:))))
            }
            var productIndex: [String: Int32] = [:]
            for (index, product) in products.enumerated() { productIndex[product.id] = Int32(index) }

            var activation = [Int32](repeating: 0, count: subscribers)
            var contractEnd = [Int32](repeating: .min, count: subscribers)
            var fee = [Float](repeating: 0, count: subscribers)
            var quota = [Float](repeating: 0, count: subscribers)
            var plan = [Int32](repeating: -1, count: subscribers)
            var age = [Int16](repeating: -1, count: subscribers)
            let people = try Row.fetchCursor(
                db, sql: "SELECT idx, activation_date, plan, quota_mb, monthly_fee, contract_end, age FROM subscriber")
            while let row = try people.next() {
                let index: Int = row[0]
                guard index >= 0 && index < subscribers else { continue }
                activation[index] = day(row[1] as String?) ?? 0
                plan[index] = productIndex[row[2] as String] ?? -1
                quota[index] = Float(row[3] as Double)
                fee[index] = Float(row[4] as Double)
                contractEnd[index] = day(row[5] as String?) ?? .min
                age[index] = (row[6] as Int64?).map { Int16(clamping: $0) } ?? -1
            }

            var rowsByMonth: [(month: CalendarMonth, rows: Int)] = []
            for row in try Row.fetchAll(db, sql: "SELECT month, count(*) FROM monthly_usage GROUP BY month") {
                if let month = CalendarMonth(text: row[0]) { rowsByMonth.append((month, row[1])) }
            }
            let busiest = rowsByMonth.map(\.rows).max() ?? 0
            let regular = rowsByMonth.filter { $0.rows * 10 >= busiest }.map(\.month)
            var months: [CalendarMonth] = []
            if let first = regular.min(), let last = regular.max() {
                var month = last
                months.append(month)
                while months.count < Self.ledgerMonths && month > first {
                    month = month.previous
                    months.append(month)
                }
                months.reverse()
            }
            var usage = MonthlyColumns(months: months.count, subscribers: subscribers)
            if let first = months.first, let last = months.last {
                // The month as a number of months since year 0, so that no row allocates text.
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT subscriber_idx, CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1,
                               arpu, voice_minutes, data_mb, sms, active_days, quota_mb
                        FROM monthly_usage
                        """)
                let firstKey = first.year * 12 + first.month - 1
                let lastKey = last.year * 12 + last.month - 1
                while let row = try rows.next() {
                    let subscriber: Int = row[0]
                    let key: Int = row[1]
                    guard subscriber >= 0 && subscriber < subscribers, key >= firstKey, key <= lastKey else { continue }
                    let slot = (key - firstKey) * subscribers + subscriber
                    usage.arpu[slot] = Float(row[2] as Double)
                    usage.voiceMinutes[slot] = Float(row[3] as Double)
                    usage.dataMB[slot] = Float(row[4] as Double)
                    usage.sms[slot] = Float(row[5] as Int64)
                    usage.activeDays[slot] = Float(row[6] as Int64)
                    if let quota = row[7] as Double? { usage.quotaMB[slot] = Float(quota) }
                }
            }

            var spans: [(Int, SubscriptionSpan)] = []
            let subscriptionRows = try Row.fetchCursor(db, sql: "SELECT subscriber_idx, product, start, \"end\", activity FROM subscription")
            while let row = try subscriptionRows.next() {
                let subscriber: Int = row[0]
                guard subscriber < subscribers, let product = productIndex[row[1] as String], let start = day(row[2] as String?) else { continue }
                spans.append(
                    (subscriber, SubscriptionSpan(
                        product: product, startDay: start, endDay: day(row[3] as String?) ?? .max, activity: Float((row[4] as Double?) ?? .nan))))
            }
            var sightings: [(Int, HandsetSighting)] = []
            let handsetRows = try Row.fetchCursor(db, sql: "SELECT subscriber_idx, time, imei FROM handset_observation")
            while let row = try handsetRows.next() {
                let subscriber: Int = row[0]
                let time: Int64 = row[1]
                let imei: String = row[2]
                guard subscriber < subscribers, let device = UInt64(imei.prefix(14)) else { continue }
                sightings.append((subscriber, HandsetSighting(time: time, day: day(time), device: device)))
            }
            var complaints: [(Int, ComplaintFact)] = []
            let complaintRows = try Row.fetchCursor(db, sql: "SELECT subscriber_idx, time, category, resolved_time FROM complaint")
            while let row = try complaintRows.next() {
                let subscriber: Int = row[0]
                let time: Int64 = row[1]
                guard subscriber < subscribers, let category = ComplaintCategory(rawValue: row[2]) else { continue }
                complaints.append(
                    (subscriber, ComplaintFact(time: time, day: day(time), category: category, resolvedTime: (row[3] as Int64?) ?? .max)))
            }
            var departures: [(Int, ChurnFact)] = []
            let churnRows = try Row.fetchCursor(db, sql: "SELECT subscriber_idx, time, kind FROM churn_event")
            while let row = try churnRows.next() {
                let subscriber: Int = row[0]
                let time: Int64 = row[1]
                guard subscriber < subscribers, let kind = ChurnKind(rawValue: row[2]) else { continue }
                departures.append((subscriber, ChurnFact(time: time, day: day(time), kind: kind)))
            }
            func grouped<Item>(_ pairs: [(Int, Item)], _ order: @escaping (Item, Item) -> Bool) -> PerSubscriber<Item> {
                PerSubscriber(pairs, subscribers: subscribers, subscriber: { $0.0 }, order: { order($0.1, $1.1) }).map(\.1)
            }
            var ledger = CustomerLedger(
                subscribers: subscribers, months: months, products: products, activationDay: activation, contractEndDay: contractEnd,
                monthlyFee: fee, quotaMB: quota, plan: plan, age: age, usage: usage,
                subscriptions: grouped(spans) { ($0.startDay, $0.product) < ($1.startDay, $1.product) },
                handsets: grouped(sightings) { $0.time < $1.time },
                complaints: grouped(complaints) { $0.time < $1.time },
                churn: grouped(departures) { $0.time < $1.time })
            ledger.utcOffsetSeconds = offset.seconds
            return ledger
        }
    }
}
