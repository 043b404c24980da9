import Foundation
import PanoramaModel

/// A small city in the data-contract format: every input file, a few days of records.
///
/// It is the "embedded default" that lets Panorama run with no data at all, and the
/// fixture the tests build on. People here live a plain routine — nights at home,
/// weekdays at work, calls to a few friends — and a handful of rows are deliberately
/// bad so that the reject reports have something to show. The full demo city with
/// personas, events and hidden truth is a separate, larger generator.
public struct SampleCity: Sendable {
    public var subscribers: Int
    public var days: Int
    public var seed: UInt64
    /// Whether to add the deliberately bad rows.
    public var includeBadRows: Bool

    public init(subscribers: Int = 500, days: Int = 2, seed: UInt64 = 7, includeBadRows: Bool = true) {
        self.subscribers = subscribers
        self.days = days
        self.seed = seed
        self.includeBadRows = includeBadRows
    }

    /// Local midnight (+08:00) of the first day, a Monday.
    public static let firstDay = CivilDate(year: 2026, month: 11, day: 2)!
    static let offset = UTCOffset.chinaStandardTime
    static let storeCount = 8
    static let cellsPerStore = 10
    /// Bad rows written into `locations.csv` when `includeBadRows` is set.
    public static let badLocationRows = 3

    /// The number of the subscriber with this index: `138` and eight digits.
    public static func number(_ index: Int) -> String {
        let tail = String((index &* 7919 &+ 1234) % 100_000_000)
        return "138" + String(repeating: "0", count: 8 - tail.count) + tail
    }

    /// A number of another operator's customer, called by some subscribers.
    public static func externalNumber(_ index: Int) -> String {
        "139" + String(repeating: "0", count: 8 - String(index).count) + String(index)
    }

    public static func cellID(store: Int, cell: Int) -> String { "C\(store)-\(cell)" }

    /// Writes every input file into `directory`, which must exist.
    public func write(to directory: URL) throws {
        var random = SplitMix64(seed: seed)
        try writeReference(to: directory)
        try writeCustomers(to: directory, random: &random)
        try writeLocations(to: directory, random: &random)
        try writeInteractions(to: directory, random: &random)
    }

    private func file(_ directory: URL, _ name: String, _ header: [String]) throws -> CSVFileWriter {
        try CSVFileWriter(url: directory.appendingPathComponent(name), header: header)
    }

    static func storeCoordinate(_ store: Int) -> Coordinate {
        Coordinate(latitude: 23.10 + Double(store / 4) * 0.03, longitude: 113.22 + Double(store % 4) * 0.03)
    }

    static func cellCoordinate(store: Int, cell: Int) -> Coordinate {
        let base = storeCoordinate(store)
        return Coordinate(
            latitude: base.latitude + Double(cell / 5) * 0.004 - 0.002,
            longitude: base.longitude + Double(cell % 5) * 0.004 - 0.008)
    }

    private func writeReference(to directory: URL) throws {
        let regions = try file(directory, "regions.csv", ["id", "name", "level", "parent", "latitude", "longitude"])
        regions.row(["B1", "Tianhe Branch", "branch", "", "", ""])
        for center in 0..<2 { regions.row(["MC\(center)", "Marketing Center \(center)", "center", "B1", "", ""]) }
        for area in 0..<4 { regions.row(["A\(area)", "Area \(area)", "area", "MC\(area / 2)", "", ""]) }
        for store in 0..<Self.storeCount {
            let c = Self.storeCoordinate(store)
            regions.row(["S\(store)", "Store \(store)", "store", "A\(store / 2)", "\(c.latitude)", "\(c.longitude)"])
        }
        try regions.close()

        let cells = try file(directory, "cells.csv", ["id", "site", "latitude", "longitude", "store"])
        for store in 0..<Self.storeCount {
            for cell in 0..<Self.cellsPerStore {
                let c = Self.cellCoordinate(store: store, cell: cell)
                cells.row([
                    Self.cellID(store: store, cell: cell), "SITE\(store)-\(cell / 3)", "\(c.latitude)", "\(c.longitude)",
                    "S\(store)",
                ])
            }
        }
        try cells.close()

        let places = try file(
            directory, "places.csv",
            ["id", "name", "type", "latitude", "longitude", "radius_m", "cells", "attributes"])
        let placeRows: [(String, String, PlaceType, Int, Int, String)] = [
            ("P-UNI", "South China University", .university, 0, 1, ""),
            ("P-TOWER", "Pearl River Tower", .officeTower, 5, 2, ""),
            ("P-ESTATE-H", "Riverside Garden", .residentialEstate, 2, 3, "price_tier=high"),
            ("P-ESTATE-M", "Lychee Court", .residentialEstate, 3, 4, "price_tier=medium"),
            ("P-KG", "Sunflower Kindergarten", .kindergarten, 2, 5, ""),
            ("P-METRO", "Tiyu Xilu Station", .subwayStation, 4, 6, ""),
            ("P-HALL", "Xinghai Concert Hall", .concertHall, 6, 7, ""),
            ("P-EXPO", "Pazhou Expo Center", .expoCenter, 7, 8, ""),
        ]
        for (id, name, type, store, cell, attributes) in placeRows {
            let c = Self.cellCoordinate(store: store, cell: cell)
            places.row([
                id, name, type.rawValue, "\(c.latitude)", "\(c.longitude)", "300", Self.cellID(store: store, cell: cell),
                attributes,
            ])
        }
        try places.close()

        let events = try file(directory, "events.csv", ["id", "name", "place", "start", "end", "category"])
        events.row([
            "E-CONCERT", "Jacky Cheung World Tour", "P-HALL", "2026-11-02T19:30:00+08:00", "2026-11-02T22:30:00+08:00",
            "music/pop/Jacky Cheung",
        ])
        events.row([
            "E-EXPO", "Guangzhou IT Fair", "P-EXPO", "2026-11-03T09:00:00+08:00", "2026-11-03T17:00:00+08:00", "expo/IT",
        ])
        try events.close()

        let products = try file(directory, "products.csv", ["id", "name", "kind", "monthly_price", "launch_date"])
        for row in [
            ["PLAN-38", "Go 38", "plan", "38", "2020-01-01"], ["PLAN-88", "Go 88", "plan", "88", "2020-01-01"],
            ["PLAN-188", "Global 188", "plan", "188", "2020-01-01"],
            ["FETION", "Fetion", "data_service", "5", "2026-06-01"],
            ["NEWSPAPER", "Mobile Newspaper", "data_service", "3", "2026-03-01"],
            ["MUSIC", "Wireless Music", "data_service", "10", "2026-01-15"],
            ["RINGBACK", "Ringback Tone", "data_service", "5", "2025-09-01"],
        ] { products.row(row) }
        try products.close()
    }

    private func writeCustomers(to directory: URL, random: inout SplitMix64) throws {
        let subscribersFile = try file(
            directory, "subscribers.csv",
            ["subscriber", "activation_date", "plan", "quota_mb", "monthly_fee", "age", "gender", "contract_end"])
        let usage = try file(
            directory, "usage.csv",
            ["subscriber", "month", "arpu", "voice_minutes", "data_mb", "sms", "active_days"])
        let subscriptions = try file(directory, "subscriptions.csv", ["subscriber", "product", "start", "end", "activity"])
        let handsets = try file(directory, "handsets.csv", ["subscriber", "time", "imei"])
        let complaints = try file(directory, "complaints.csv", ["id", "subscriber", "time", "category", "resolved_time"])
        let contacts = try file(directory, "contacts.csv", ["subscriber", "time", "channel", "campaign", "outcome"])
        let churn = try file(directory, "churn.csv", ["subscriber", "time", "kind", "destination"])
        let plans = [("PLAN-38", "500", "38"), ("PLAN-88", "2048", "88"), ("PLAN-188", "10240", "188")]
        for index in 0..<subscribers {
            let number = Self.number(index)
            let plan = plans[random.below(plans.count)]
            let activation = CivilDate(daysSinceEpoch: Self.firstDay.daysSinceEpoch - 30 - random.below(2000))
            let contractEnd = random.below(3) == 0 ? CivilDate(daysSinceEpoch: Self.firstDay.daysSinceEpoch + random.below(120)).description : ""
            subscribersFile.row([
                number, activation.description, plan.0, plan.1, plan.2, String(18 + random.below(60)),
                random.below(2) == 0 ? "F" : "M", contractEnd,
            ])
            for month in ["2026-08", "2026-09", "2026-10"] {
                let arpu = Double(plan.2)! * (0.8 + random.unit() * 0.6)
                usage.row([
                    number, month, String(format: "%.2f", arpu), String(50 + random.below(600)),
                    String(100 + random.below(Int(plan.1)! * 2)), String(random.below(200)), String(15 + random.below(16)),
                ])
            }
            for (product, share) in [("FETION", 4), ("NEWSPAPER", 6), ("MUSIC", 8), ("RINGBACK", 5)]
            where random.below(share) == 0 {
                let start = CivilDate(daysSinceEpoch: Self.firstDay.daysSinceEpoch - 1 - random.below(90))
                subscriptions.row([number, product, start.description, "", String(format: "%.2f", random.unit())])
            }
            handsets.row([number, "2026-11-02T08:00:00+08:00", "86\(String(1_000_000_000_000 + index))"])
            if random.below(20) == 0 {
                handsets.row([number, "2026-11-03T12:00:00+08:00", "35\(String(2_000_000_000_000 + index))"])
            }
            if random.below(50) == 0 {
                complaints.row([
                    "CMP-\(index)", number, "2026-10-20T10:00:00+08:00", ["network", "billing", "broadband"][random.below(3)],
                    random.below(2) == 0 ? "2026-10-22T16:00:00+08:00" : "",
                ])
            }
            if random.below(10) == 0 {
                contacts.row([
                    number, "2026-10-15T11:00:00+08:00", "sms", "CAMP-FETION-OCT",
                    ["contacted", "responded", "declined"][random.below(3)],
                ])
            }
            if random.below(100) == 0 {
                churn.row([number, "2026-11-03T18:00:00+08:00", "port_out", "Competitor"])
            }
        }
        for writer in [subscribersFile, usage, subscriptions, handsets, complaints, contacts, churn] { try writer.close() }
    }

    /// Home and work cells of a subscriber, fixed by index so tests can predict them.
    public static func homeAndWork(_ index: Int) -> (home: String, work: String) {
        let homeStore = index % storeCount
        let workStore = (index / storeCount + 3) % storeCount
        return (
            cellID(store: homeStore, cell: index % cellsPerStore),
            cellID(store: workStore, cell: (index / 3) % cellsPerStore)
        )
    }

    private func writeLocations(to directory: URL, random: inout SplitMix64) throws {
        let locations = try file(directory, "locations.csv", ["subscriber", "time", "cell"])
        for day in 0..<days {
            let date = CivilDate(daysSinceEpoch: Self.firstDay.daysSinceEpoch + day)
            let weekday = (date.daysSinceEpoch + 3) % 7 < 5
            for index in 0..<subscribers {
                let number = Self.number(index)
                let (home, work) = Self.homeAndWork(index)
                var minute = random.below(20)
                while minute < 24 * 60 {
                    let hour = minute / 60
                    let cell = weekday && (9..<18).contains(hour) ? work : home
                    locations.row([number, Self.localTime(date, minute: minute), cell])
                    minute += 15 + random.below(10)
                }
            }
        }
        if includeBadRows {
            locations.row([Self.number(0), "2026-11-02T12:00:00+08:00", "C-UNKNOWN"])
            locations.row([Self.number(1), "yesterday at noon", Self.cellID(store: 0, cell: 0)])
            locations.row([Self.number(2), "2026-11-02T12:30:00+08:00"])
        }
        try locations.close()
    }

    private func writeInteractions(to directory: URL, random: inout SplitMix64) throws {
        let interactions = try file(directory, "interactions.csv", ["caller", "callee", "time", "kind", "duration_s"])
        for day in 0..<days {
            let date = CivilDate(daysSinceEpoch: Self.firstDay.daysSinceEpoch + day)
            for index in 0..<subscribers {
                for friend in 1...3 {
                    guard random.below(2) == 0 else { continue }
                    let other = (index / 10) * 10 + (index + friend) % 10
                    guard other < subscribers, other != index else { continue }
                    let sms = random.below(3) == 0
                    interactions.row([
                        Self.number(index), Self.number(other), Self.localTime(date, minute: 8 * 60 + random.below(14 * 60)),
                        sms ? "sms" : "voice", sms ? "0" : String(20 + random.below(600)),
                    ])
                }
                if index % 7 == 0 {
                    interactions.row([
                        Self.externalNumber(index % 50), Self.number(index),
                        Self.localTime(date, minute: 12 * 60 + random.below(360)), "voice", String(30 + random.below(300)),
                    ])
                }
            }
        }
        try interactions.close()
    }

    /// `2026-11-02T08:20:00+08:00` for a local date and minute of the day.
    static func localTime(_ date: CivilDate, minute: Int) -> String {
        let hour = minute / 60
        let minuteOfHour = minute % 60
        return date.description + "T" + (hour < 10 ? "0" : "") + String(hour) + ":" + (minuteOfHour < 10 ? "0" : "")
            + String(minuteOfHour) + ":00+08:00"
    }
}
