import Foundation
import PanoramaModel

/// What the generated days showed about each person, summed as days are written.
struct TruthTally: Sendable {
    let people: Int
    /// Per person and observed kind: days seen, first and last day (window-relative).
    var count: [UInt16]
    var first: [UInt16]
    var last: [UInt16]
    /// Per event: fans and companions who came.
    var fans: [Int]
    var companions: [Int]
    var attendance: [(person: Int32, event: Int32, fan: Bool)] = []
    var daysWritten = 0
    var locationRecords = 0
    var interactionRecords = 0
    /// Calls and texts of the days of call history before the window.
    var historyInteractionRecords = 0
    var peopleDaysSeen = 0
    var recordsPerPerson = [Int](repeating: 0, count: 501)
    var bytes = 0

    init(people: Int, events: Int) {
        self.people = people
        let size = people * DayPlan.Observed.count
        count = [UInt16](repeating: 0, count: size)
        first = [UInt16](repeating: .max, count: size)
        last = [UInt16](repeating: 0, count: size)
        fans = [Int](repeating: 0, count: events)
        companions = fans
    }

    mutating func add(_ outcome: DayOutcome) {
        let day = UInt16(outcome.day)
        for person in 0..<people where outcome.observed[person] != 0 {
            let bits = outcome.observed[person]
            for kind in 0..<DayPlan.Observed.count where bits & (1 << kind) != 0 {
                let slot = person * DayPlan.Observed.count + kind
                count[slot] += 1
                first[slot] = min(first[slot], day)
                last[slot] = max(last[slot], day)
            }
        }
        for entry in outcome.attendance {
            if entry.fan { fans[Int(entry.event)] += 1 } else { companions[Int(entry.event)] += 1 }
        }
        attendance += outcome.attendance
        daysWritten += 1
        locationRecords += outcome.locationRecords
        interactionRecords += outcome.interactionRecords
        peopleDaysSeen += outcome.peopleSeen
        for (bucket, value) in outcome.recordsPerPerson.enumerated() { recordsPerPerson[bucket] += value }
        bytes += outcome.bytes
    }

    func support(_ person: Int, _ kind: DayPlan.Observed) -> (days: Int, first: Int, last: Int) {
        let slot = person * DayPlan.Observed.count + kind.rawValue.trailingZeroBitCount
        return (Int(count[slot]), Int(first[slot]), Int(last[slot]))
    }
}

/// Writes `truth/`: what the panorama should recover, never read by the engine.
struct TruthFiles {
    /// Every file of `truth/`.
    static let names: Set<String> = ["subscribers.csv", "tags.csv", "circles.csv", "moments.csv", "attendance.csv", "summary.json"]

    let city: CityModel
    let history: CustomerHistory
    let tally: TruthTally
    /// Region path of every store, computed once.
    let storePaths: [String]

    init(city: CityModel, history: CustomerHistory, tally: TruthTally) {
        self.city = city
        self.history = history
        self.tally = tally
        storePaths = city.territory.stores.indices.map { city.regionPath(ofStore: $0) }
    }

    func write(to directory: URL) throws {
        try writeSubscribers(directory)
        try writeTags(directory)
        try writeCircles(directory)
        try writeMoments(directory)
        try writeAttendance(directory)
    }

    private func date(_ windowDay: Int) -> String { CivilDate(daysSinceEpoch: city.firstDay + windowDay).description }

    private func place(_ index: Int32) -> String { index >= 0 ? city.places.all[Int(index)].id : "" }

    /// Early adopters with money lead; early adopters without it follow on impulse; the
    /// cautious follow with reason, or late, or not at all when money is short.
    static func adopterType(_ person: Person) -> String {
        let spender = person.tier.rawValue >= 2
        switch person.innovativeness {
        case 0.6...: return spender ? "high_end_leader" : "impulsive_follower"
        case 0.4..<0.6: return spender ? "rational_follower" : "impulsive_follower"
        case 0.25..<0.4: return person.tier == .low ? "thrifty" : "rational_follower"
        default: return person.tier == .low ? "thrifty" : "conservative_laggard"
        }
    }

    private func writeSubscribers(_ directory: URL) throws {
        let file = try RowWriter(
            url: directory.appendingPathComponent("subscribers.csv"),
            header: [
                "subscriber", "name", "persona", "age", "gender", "home_place", "home_region", "work_place", "work_region",
                "commute", "income_band", "child_school", "interests", "health_needs", "adopter_type", "lead_products",
                "churn_date", "churn_kind", "churn_cause",
            ])
        for index in 0..<city.population.count {
            let person = city.population[index]
            file.field(number: index, from: city.numbers)
            file.field(index == Population.xiaoWang ? "Xiao Wang" : "")
            file.field(person.persona.name)
            file.field(person.age)
            file.field(person.female ? "F" : "M")
            file.field(place(person.home))
            file.field(storePaths[city.store(at: person.homePoint)])
            file.field(place(person.work))
            file.field(person.work >= 0 ? storePaths[city.store(at: person.workPoint)] : "")
            file.field(person.commute.name)
            file.field(person.persona == .collegeStudent ? "" : person.tier.incomeBand)
            file.field(place(person.childSchool))
            file.text(Self.interestPaths(person).joined(separator: ";"))
            var needs: [String] = []
            if person.health.contains(.child) { needs.append("child") }
            if person.health.contains(.maternity) { needs.append("maternity") }
            if person.health.contains(.chronic) { needs.append("general") }
            file.field(needs.joined(separator: ";"))
            file.field(Self.adopterType(person))
            file.field(CustomerHistory.products.indices.filter { history.leads[$0][index] }.map { CustomerHistory.products[$0].id }.joined(separator: ";"))
            if let kind = history.departureKind[index] {
                file.field(CivilDate(daysSinceEpoch: Int(history.departure[index])).description)
                file.field(kind.rawValue)
                file.field(history.cause[index].name)
            } else {
                for _ in 0..<3 { file.empty() }
            }
            try file.endRow()
        }
        try file.close()
    }

    static func interestPaths(_ person: Person) -> [String] {
        var paths: [String] = []
        let interests = person.interests
        if interests.contains(.pop) {
            for (artist, name) in EventCalendar.artists.enumerated() where person.artists & UInt8(1 << artist) != 0 {
                paths.append("music/pop/\(name)")
            }
        }
        let named: [(Interests, String)] = [
            (.symphony, "music/symphony"), (.folk, "music/folk"), (.football, "sport/football"), (.basketball, "sport/basketball"),
            (.industryIT, "expo/IT"), (.industryAuto, "expo/auto"), (.industryHome, "expo/home"), (.cinema, "movie/cinema"),
            (.nightlife, "nightlife/bar"),
        ]
        for (interest, path) in named where interests.contains(interest) { paths.append(path) }
        return paths
    }

    /// The tags a perfect observer of the generated days would give, with their support.
    private func writeTags(_ directory: URL) throws {
        let file = try RowWriter(
            url: directory.appendingPathComponent("tags.csv"),
            header: ["subscriber", "dimension", "tag", "support_days", "first_seen", "last_seen"])
        var attendedByPerson: [Int32: [(Int32, Bool)]] = [:]
        for entry in tally.attendance where entry.fan { attendedByPerson[entry.person, default: []].append((entry.event, true)) }
        for index in 0..<city.population.count {
            let person = city.population[index]
            func tag(_ dimension: String, _ path: String, _ support: (days: Int, first: Int, last: Int)) throws {
                guard support.days > 0 else { return }
                file.field(number: index, from: city.numbers)
                file.field(dimension)
                file.text(path)
                file.field(support.days)
                file.field(date(support.first))
                file.field(date(support.last))
                try file.endRow()
            }
            let home = tally.support(index, .nightAtHome)
            let work = tally.support(index, .atWork)
            try tag("region", "region/home/" + storePaths[city.store(at: person.homePoint)], home)
            if person.work >= 0 { try tag("region", "region/work/" + storePaths[city.store(at: person.workPoint)], work) }
            if let occupation = person.persona.occupationTag { try tag("demographic", occupation, work) }
            if person.persona != .collegeStudent { try tag("demographic", "demographic/income/\(person.tier.incomeBand)", home) }
            if person.childSchool >= 0 { try tag("demographic", "demographic/family/parent", tally.support(index, .schoolRun)) }
            var byCategory: [String: (days: Set<Int>, first: Int, last: Int)] = [:]
            for (event, _) in attendedByPerson[Int32(index)] ?? [] {
                let info = city.calendar.events[Int(event)]
                var entry = byCategory[info.category] ?? ([], Int.max, Int.min)
                entry.days.insert(info.day)
                entry.first = min(entry.first, info.day)
                entry.last = max(entry.last, info.day)
                byCategory[info.category] = entry
            }
            for category in byCategory.keys.sorted() {
                let entry = byCategory[category]!
                try tag("preference", "preference/\(category)", (entry.days.count, entry.first, entry.last))
            }
            try tag("preference", "preference/health/child", tally.support(index, .childrensHospital))
            try tag("preference", "preference/health/maternity", tally.support(index, .maternityHospital))
            try tag("preference", "preference/health/general", tally.support(index, .generalHospital))
            try tag("preference", "preference/movie/cinema", tally.support(index, .cinema))
            try tag("behaviour", "behaviour/commute/subway", tally.support(index, .subwayAtRushHour))
            try tag("behaviour", "behaviour/commute/bus", tally.support(index, .busAtRushHour))
            try tag("behaviour", "behaviour/family/school_run", tally.support(index, .schoolRun))
            try tag("behaviour", "behaviour/nightlife/night_owl", tally.support(index, .lateAtBar))
        }
        try file.close()
    }

    private func writeCircles(_ directory: URL) throws {
        let file = try RowWriter(url: directory.appendingPathComponent("circles.csv"), header: ["circle", "kind", "subscriber", "role"])
        for circle in city.graph.circles {
            for member in circle.members {
                file.field(circle.id)
                file.field(circle.kind.name)
                file.field(number: Int(member), from: city.numbers)
                file.field(member == circle.center ? "center" : "member")
                try file.endRow()
            }
        }
        try file.close()
    }

    private func writeMoments(_ directory: URL) throws {
        let file = try RowWriter(url: directory.appendingPathComponent("moments.csv"), header: ["subscriber", "time", "kind", "detail"])
        for moment in history.moments {
            file.field(number: Int(moment.person), from: city.numbers)
            file.field(day: Int(moment.day), second: Int(moment.second))
            file.field(moment.kind)
            file.text(moment.detail)
            try file.endRow()
        }
        try file.close()
    }

    private func writeAttendance(_ directory: URL) throws {
        let file = try RowWriter(url: directory.appendingPathComponent("attendance.csv"), header: ["subscriber", "event", "category", "fan"])
        for entry in tally.attendance.sorted(by: { ($0.event, $0.person) < ($1.event, $1.person) }) {
            let event = city.calendar.events[Int(entry.event)]
            file.field(number: Int(entry.person), from: city.numbers)
            file.field(event.id)
            file.text(event.category)
            file.field(entry.fan ? "yes" : "no")
            try file.endRow()
        }
        try file.close()
    }
}
