import Foundation
import PanoramaModel

/// A year of each customer's life with the operator, month by month, before and during
/// the generated days: bills and usage, products spreading through circles, complaints,
/// handset changes, marketing contacts, downgrades and departures with hidden causes.
///
/// Months are simulated in order for everyone at once, because what a person does
/// depends on what their contacts did last month (adopting a product, leaving).
struct CustomerHistory {
    struct Plan {
        var id: String
        var name: String
        var fee: Double
        var quotaMB: Int
        var voiceMinutes: Int
    }

    struct Product {
        var id: String
        var name: String
        var price: Double
        /// Month index (0 = first month of history) of the launch; negative: before history.
        var launchMonth: Int
        /// Penetration already reached when history starts, for products launched before it.
        var initialShare: Double
    }

    enum ChurnCause: Int, CaseIterable {
        case none, competitorOffer, complaints, quotaOverflows, contactsLeft, other
        var name: String { ["", "competitor_offer", "complaints", "quota_overflows", "contacts_left", "other"][rawValue] }
    }

    struct Moment {
        var person: Int32
        var day: Int32
        var second: Int32
        var kind: String
        var detail: String
    }

    static let plans = [
        Plan(id: "PLAN-18", name: "Go 18", fee: 18, quotaMB: 1024, voiceMinutes: 100),
        Plan(id: "PLAN-38", name: "Go 38", fee: 38, quotaMB: 5120, voiceMinutes: 200),
        Plan(id: "PLAN-58", name: "Go 58", fee: 58, quotaMB: 10240, voiceMinutes: 400),
        Plan(id: "PLAN-88", name: "Global 88", fee: 88, quotaMB: 30720, voiceMinutes: 700),
        Plan(id: "PLAN-128", name: "Global 128", fee: 128, quotaMB: 61440, voiceMinutes: 1000),
        Plan(id: "PLAN-188", name: "Global 188", fee: 188, quotaMB: 102_400, voiceMinutes: 2000),
    ]

    /// The seed's data services (飛信, 手機報, 無線音樂, 彩鈴, 12580, 手機郵箱) and a data add-on.
    static let products = [
        Product(id: "RINGBACK", name: "Ringback Tones", price: 5, launchMonth: -30, initialShare: 0.15),
        Product(id: "DATA-1G", name: "Data Add-on 1 GB", price: 10, launchMonth: -20, initialShare: 0.08),
        Product(id: "NEWSPAPER", name: "Mobile Newspaper", price: 3, launchMonth: 1, initialShare: 0),
        Product(id: "MUSIC", name: "Wireless Music Club", price: 6, launchMonth: 3, initialShare: 0),
        Product(id: "FETION", name: "Fetion Messenger", price: 0, launchMonth: 4, initialShare: 0),
        Product(id: "MAILBOX", name: "Mobile Mailbox", price: 5, launchMonth: 6, initialShare: 0),
        Product(id: "LIFE-12580", name: "12580 Life Services", price: 3, launchMonth: 8, initialShare: 0),
    ]

    static let historyMonths = 12
    /// No one's line is older than this (mobile service in the city began around then).
    static let earliestActivation = CivilDate(year: 1995, month: 1, day: 1)!.daysSinceEpoch

    /// The first day of the month a product launched, counted from the history's first month.
    static func launchDate(_ product: Product, firstMonth: CalendarMonth) -> CivilDate {
        var month = firstMonth
        for _ in 0..<abs(product.launchMonth) { month = product.launchMonth < 0 ? month.previous : month.next }
        return month.firstDay
    }
    static let destinations = ["China Unicom", "China Telecom", "China Broadnet"]

    let firstMonth: CalendarMonth
    let monthStarts: [Int]
    let windowStart: Int
    let windowEnd: Int
    /// Days since the epoch of each person's activation.
    private(set) var activation: [Int32]
    private(set) var plan: [UInt8]
    private(set) var contractEnd: [Int32]
    /// Day (since the epoch) the person left the network; `Int32.max` while they stay.
    private(set) var departure: [Int32]
    private(set) var departureKind: [ChurnKind?]
    private(set) var cause: [ChurnCause]
    /// Per product: start and end day of the subscription (`Int32.max`: none), activity, lead flag.
    private(set) var productStart: [[Int32]]
    private(set) var productEnd: [[Int32]]
    private(set) var productActivity: [[Float]]
    private(set) var leads: [[Bool]]
    private(set) var moments: [Moment] = []
    /// Per person: total strength of their ties, and per product their affinity; fixed for the run.
    private var tieStrength: [Float] = []
    /// Per person: the day of a departure decided last month (`Int32.max`: none).
    private var scheduled: [Int32] = []
    private var affinities: [[Float]] = []
    private(set) var departuresPerMonth: [Int]
    private(set) var activePerMonth: [Int]

    init(start: CivilDate, days: Int) {
        var month = CalendarMonth(year: start.year, month: start.month) ?? CalendarMonth(year: 2026, month: 11)!
        for _ in 0..<Self.historyMonths { month = month.previous }
        firstMonth = month
        windowStart = start.daysSinceEpoch
        windowEnd = windowStart + days - 1
        var starts: [Int] = []
        var cursor = month
        while cursor.firstDay.daysSinceEpoch <= windowEnd {
            starts.append(cursor.firstDay.daysSinceEpoch)
            cursor = cursor.next
        }
        starts.append(cursor.firstDay.daysSinceEpoch)
        monthStarts = starts
        (activation, plan, contractEnd, departure, departureKind, cause) = ([], [], [], [], [], [])
        (productStart, productEnd, productActivity, leads) = ([], [], [], [])
        departuresPerMonth = Array(repeating: 0, count: starts.count - 1)
        activePerMonth = departuresPerMonth
    }

    var monthCount: Int { monthStarts.count - 1 }

    /// The window-relative days of call history: the 1st, 8th, 15th and 22nd of each month
    /// before the window.
    var callHistoryDays: [Int] {
        (0..<monthCount).map { month($0) }.flatMap { month in
            Self.callHistoryDaysOfMonth.compactMap { day -> Int? in
                guard let date = CivilDate(year: month.year, month: month.month, day: day)?.daysSinceEpoch, date < windowStart else { return nil }
                return date - windowStart
            }
        }
    }

    static let callHistoryDaysOfMonth = [1, 8, 15, 22]

    func month(_ index: Int) -> CalendarMonth {
        var month = firstMonth
        for _ in 0..<index { month = month.next }
        return month
    }

    /// Whether a person is on the network on a day (since the epoch).
    func isActive(_ person: Int, on day: Int) -> Bool { day >= activation[person] && day < departure[person] }

    static func affinity(_ product: Int, _ person: Person) -> Double {
        let p = person.persona
        switch Self.products[product].id {
        case "RINGBACK": return person.age < 40 ? 0.8 : 0.3
        case "DATA-1G": return p == .collegeStudent || p == .whiteCollar ? 0.7 : 0.3
        case "NEWSPAPER":
            let base = [0.7, 0.3, 0.9, 0.2, 0.3, 0.3, 0.3, 0.3][p.rawValue]
            return person.commute == .subway || person.commute == .bus ? min(1, base * 1.6) : base
        case "MUSIC": return (p == .collegeStudent ? 1 : 0.35) * (person.interests.contains(.pop) ? 1.6 : 1)
        case "FETION": return [0.7, 1, 0.5, 0.3, 0.3, 0.4, 0.1, 0.3][p.rawValue]
        case "MAILBOX": return [0.8, 0.6, 0.6, 0.1, 0.3, 0.2, 0.05, 0.1][p.rawValue]
        default: return person.childSchool >= 0 || p == .homemaker ? 0.7 : 0.2
        }
    }

    /// Simulates every month and writes the customer files.
    mutating func run(population: Population, graph: ContactGraph, seed: UInt64, files: CityFiles?) throws {
        let n = population.count
        var random = SplitMix64.keyed(seed, 6)
        let monthCount = self.monthCount
        let lastBilledMonth = (0..<monthCount).last { monthStarts[$0 + 1] - 1 <= windowEnd } ?? -1
        activation = [Int32](repeating: 0, count: n)
        plan = [UInt8](repeating: 0, count: n)
        contractEnd = [Int32](repeating: -1, count: n)
        departure = [Int32](repeating: .max, count: n)
        departureKind = Array(repeating: nil, count: n)
        cause = Array(repeating: .none, count: n)
        let products = Self.products.count
        productStart = Array(repeating: [Int32](repeating: .max, count: n), count: products)
        productEnd = productStart
        productActivity = Array(repeating: [Float](repeating: 0, count: n), count: products)
        leads = Array(repeating: [Bool](repeating: false, count: n), count: products)
        var appetite = [Double](repeating: 0, count: n)
        var voiceBase = [Double](repeating: 0, count: n)
        var handset = [Int](repeating: 0, count: n)
        var overflowBits = [UInt8](repeating: 0, count: n)
        var unresolvedUntil = [Int32](repeating: -1, count: n)
        scheduled = [Int32](repeating: .max, count: n)
        var scheduledCause = [ChurnCause](repeating: .none, count: n)
        let historyStart = monthStarts[0]

        // Who they are as customers when history starts.
        for index in 0..<n {
            let person = population[index]
            var personal = SplitMix64.keyed(seed, 7, UInt64(index))
            let tenure = index == Population.xiaoWang ? 2200 : Int(min(5400, personal.exponential(mean: 1500)))
            activation[index] = Int32(max(Self.earliestActivation, windowStart - 20 - tenure))
            let options: [Int] =
                switch person.tier {
                case .low: person.persona == .collegeStudent ? [0, 1] : [0, 1, 1, 2]
                case .middle: [1, 2, 2, 3]
                case .upperMiddle: [2, 3, 3, 4]
                case .high: [3, 4, 5]
                }
            plan[index] = UInt8(options[personal.below(options.count)])
            let contractDay = historyStart + personal.below(windowEnd - historyStart + 400)
            if personal.chance(0.35) { contractEnd[index] = Int32(max(contractDay, Int(activation[index]) + 180)) }
            appetite[index] = [0.7, 0.95, 0.6, 0.55, 0.6, 0.65, 0.3, 0.5][person.persona.rawValue] * exp(0.35 * personal.normal())
            voiceBase[index] = [420, 160, 380, 220, 520, 260, 150, 200][person.persona.rawValue] * exp(0.4 * personal.normal())
            handset[index] = personal.below(HandsetModels.tacs.count) << 24 | personal.below(1_000_000)
            let seen = max(Int(activation[index]), historyStart)
            let firstSeen = 36000 + personal.below(36000)
            try files?.handset(index, day: seen, second: firstSeen, imei: HandsetModels.imei(handset[index]))
            for product in 0..<products where Self.products[product].launchMonth < 0 {
                if personal.chance(Self.products[product].initialShare * Self.affinity(product, person) * 2) {
                    let launch = Self.launchDate(Self.products[product], firstMonth: firstMonth).daysSinceEpoch
                    productStart[product][index] = Int32(max(Int(activation[index]), launch + personal.below(historyStart - launch)))
                    productActivity[product][index] = Float(0.1 + 0.6 * personal.unit())
                }
            }
        }
        tieStrength = (0..<n).map { index in graph.ties(of: index).reduce(Float(0)) { $0 + Float(graph.kinds[$1].strength) } }
        affinities = (0..<products).map { product in population.people.map { Float(Self.affinity(product, $0)) } }
        chooseLeads(population: population, graph: graph, seed: seed)

        for month in 0..<monthCount {
            let first = monthStarts[month]
            let length = monthStarts[month + 1] - first
            let isBilled = month <= lastBilledMonth
            let monthName = self.month(month).description
            // Products: leads adopt at launch, everyone else through their circles (before the
            // bills, so that a product is billed from the month it starts).
            for product in 0..<products where Self.products[product].launchMonth <= month {
                spreadProduct(product, month: month, population: population, graph: graph, seed: seed)
            }
            var departures = 0
            var active = 0
            for index in 0..<n where Int(activation[index]) < first + length && Int(departure[index]) >= first {
                active += 1
                let persona = population.people[index].persona
                var personal = SplitMix64.keyed(seed, 8, UInt64(index), UInt64(month))
                let planInfo = Self.plans[Int(plan[index])]
                // A departure scheduled last month happens now, after weeks of silence.
                let leaves = Int(scheduled[index]) < first + length && Int(scheduled[index]) <= windowEnd
                let silentFrom = leaves ? Int(scheduled[index]) - 21 : Int.max
                let activeFrom = max(first, Int(activation[index]))
                // Days of the month on which things can happen to this customer.
                let eventDays = max(1, min(first + length, windowEnd + 1) - activeFrom)
                // Monthly chances apply to the share of the month that can hold events.
                let share = Double(eventDays) / Double(length)
                let activeUntil = leaves ? Int(scheduled[index]) : first + length
                let activeDays = max(0, activeUntil - activeFrom)
                let talkingDays = max(0, min(activeUntil, silentFrom) - activeFrom)
                let dataUsed = Double(planInfo.quotaMB) * appetite[index] * exp(0.2 * personal.normal()) * Double(activeDays) / Double(length)
                let overflow = dataUsed > Double(planInfo.quotaMB)
                overflowBits[index] = (overflowBits[index] << 1 | (overflow ? 1 : 0)) & 0b111
                let voice = voiceBase[index] * exp(0.15 * personal.normal()) * Double(talkingDays) / Double(length)
                if isBilled {
                    var arpu = planInfo.fee
                    if overflow { arpu += (dataUsed - Double(planInfo.quotaMB)) / 1024 * 10 }
                    arpu += max(0, voice - Double(planInfo.voiceMinutes)) * 0.15
                    for product in 0..<products where Int(productStart[product][index]) < first + length && Int(productEnd[product][index]) >= first {
                        arpu += Self.products[product].price
                    }
                    let sms = Int(Double([30, 120, 25, 40, 20, 35, 15, 30][persona.rawValue]) * exp(0.4 * personal.normal()))
                    let quietDays = personal.below(3)
                    try files?.usage(
                        index, month: monthName, arpu: arpu, voice: voice, data: dataUsed,
                        sms: sms * talkingDays / length, activeDays: max(0, activeDays - quietDays), quotaMB: planInfo.quotaMB)
                }
                if overflow && isBilled {
                    moments.append(Moment(person: Int32(index), day: Int32(first + length - 1), second: 86399, kind: "quota_overflow",
                        detail: "\(Int(dataUsed)) MB of \(planInfo.quotaMB) MB"))
                    if overflowBits[index].nonzeroBitCount >= 2 && personal.chance(0.2) && Int(plan[index]) < Self.plans.count - 1 {
                        plan[index] += 1
                    }
                }
                if leaves {
                    let day = Int(scheduled[index])
                    departure[index] = Int32(day)
                    cause[index] = scheduledCause[index]
                    let kind: ChurnKind = personal.chance(0.75) ? .portOut : .cancellation
                    departureKind[index] = kind
                    departures += 1
                    for product in 0..<products where Int(productStart[product][index]) <= day {
                        productEnd[product][index] = min(productEnd[product][index], Int32(day))
                    }
                    let time = 9 * 3600 + personal.below(10 * 3600)
                    let destination = Self.destinations[personal.below(3)]
                    try files?.churn(index, day: day, second: time, kind: kind, destination: kind == .portOut ? destination : "")
                    moments.append(Moment(person: Int32(index), day: Int32(day), second: Int32(time), kind: kind.rawValue, detail: cause[index].name))
                    if day - 21 >= Int(activation[index]) {
                        moments.append(Moment(person: Int32(index), day: Int32(day - 21), second: 0, kind: "voice_silence", detail: "no calls for 21 days before leaving"))
                    }
                    continue
                }
                // Complaints, a fault among them now and then.
                if personal.chance((overflow ? 0.05 : 0.012) * share) {
                    let category = overflow ? ComplaintCategory.billing
                        : [ComplaintCategory.network, .billing, .broadband, .service, .other][personal.pick(weights: [35, 30, 15, 15, 5])]
                    let day = activeFrom + personal.below(eventDays)
                    let resolution = day + 1 + personal.below(5)
                    let resolutionSecond = 9 * 3600 + personal.below(10 * 3600)
                    // Not resolved by the time the data ends counts as unresolved.
                    let unresolved = personal.chance(0.25) || resolution > windowEnd
                    let second = 9 * 3600 + personal.below(11 * 3600)
                    if day <= windowEnd {
                        try files?.complaint(
                            index, day: day, second: second, category: category,
                            resolved: unresolved ? nil : (resolution, resolutionSecond))
                        if unresolved { unresolvedUntil[index] = Int32(first + length + 60) }
                    }
                    if day <= windowEnd && (category == .network || category == .broadband) {
                        moments.append(Moment(person: Int32(index), day: Int32(day), second: Int32(second), kind: "service_fault", detail: category.rawValue))
                    }
                }
                if personal.chance(0.03 * share), isBilled {
                    let channel = ["sms", "sms", "sms", "outbound_call", "outbound_call", "store"][personal.below(6)]
                    let product = min(products - 1, max(0, month / 2))
                    let outcome = [ContactOutcome.contacted, .responded, .declined, .unreachable][personal.pick(weights: [55, 8, 30, 7])]
                    let (day, second) = (activeFrom + personal.below(eventDays), 10 * 3600 + personal.below(9 * 3600))
                    try files?.contact(index, day: day, second: second, channel: channel, outcome: outcome,
                                       campaign: "CAMP-\(Self.products[product].id)-\(monthName)")
                }
                let downgradeDay = activeFrom + personal.below(eventDays)
                if personal.chance((overflowBits[index] == 0 && appetite[index] < 0.3 ? 0.012 : 0.003) * share), plan[index] > 0,
                    downgradeDay <= windowEnd
                {
                    plan[index] -= 1
                    let day = downgradeDay
                    let second = 9 * 3600 + personal.below(10 * 3600)
                    try files?.churn(index, day: day, second: second, kind: .downgrade, destination: "")
                    moments.append(Moment(person: Int32(index), day: Int32(day), second: Int32(second), kind: "downgrade",
                                          detail: "to \(Self.plans[Int(plan[index])].id)"))
                }
                // Next month's departure, from this month's hidden causes.
                if index != Population.xiaoWang {
                    var factors = [Double](repeating: 0, count: ChurnCause.allCases.count)
                    if personal.chance(0.06) { factors[ChurnCause.competitorOffer.rawValue] = log(4) }
                    if Int(unresolvedUntil[index]) >= first { factors[ChurnCause.complaints.rawValue] = log(3) }
                    if overflowBits[index].nonzeroBitCount >= 2 { factors[ChurnCause.quotaOverflows.rawValue] = log(2.5) }
                    let left = departedShare(index, graph: graph, before: first + length)
                    factors[ChurnCause.contactsLeft.rawValue] = log(1 + 8 * left)
                    var hazard = 0.006 * exp(factors.reduce(0, +))
                    if Int(contractEnd[index]) > first + length { hazard *= 0.3 }
                    if first + length - Int(activation[index]) < 180 { hazard *= 1.5 }
                    if persona == .collegeStudent { hazard *= 1.3 }
                    if persona == .retiree { hazard *= 0.6 }
                    if personal.chance(hazard) {
                        let nextLength = month + 2 < monthStarts.count ? monthStarts[month + 2] - monthStarts[month + 1] : 30
                        scheduled[index] = Int32(first + length + personal.below(nextLength))
                        let strongest = factors.indices.max { (factors[$0], $1) < (factors[$1], $0) }!
                        scheduledCause[index] = factors[strongest] > 0 ? ChurnCause(rawValue: strongest)! : .other
                    }
                }
                // Handsets age; people about to leave often buy a new one first,
                // so this comes after next month's departure is decided.
                if personal.chance((1.0 / 28 + (Int(scheduled[index]) < first + length + 31 ? 0.3 : 0)) * share) {
                    handset[index] = personal.below(HandsetModels.tacs.count) << 24 | personal.below(1_000_000)
                    let day = activeFrom + personal.below(eventDays)
                    if day <= windowEnd {
                        let second = 8 * 3600 + personal.below(14 * 3600)
                        try files?.handset(index, day: day, second: second, imei: HandsetModels.imei(handset[index]))
                        moments.append(Moment(person: Int32(index), day: Int32(day), second: Int32(second), kind: "handset_change", detail: HandsetModels.name(handset[index])))
                    }
                }
            }
            departuresPerMonth[month] = departures
            activePerMonth[month] = active
            _ = random.next()
        }
        // Contracts that end soon are moments too.
        for index in 0..<n where contractEnd[index] >= 0 {
            let day = Int(contractEnd[index]) - 30
            if day >= historyStart && day <= windowEnd && day < Int(departure[index]) {
                moments.append(Moment(person: Int32(index), day: Int32(day), second: 0, kind: "contract_ending", detail: "contract ends in 30 days"))
            }
        }
        moments.sort { ($0.day, $0.second, $0.person, $0.kind) < ($1.day, $1.second, $1.person, $1.kind) }
    }

    /// Runs the months without writing files: who is on the network when. Every random
    /// draw happens outside the (skipped) file calls, so the result is the one `run` writes.
    mutating func simulateMembership(population: Population, graph: ContactGraph, seed: UInt64) {
        try? run(population: population, graph: graph, seed: seed, files: nil)
    }

    /// Strength-weighted share of a person's contacts who left before `day`.
    private func departedShare(_ person: Int, graph: ContactGraph, before day: Int) -> Double {
        var total = 0.0
        var left = 0.0
        for tie in graph.ties(of: person) {
            let strength = graph.kinds[tie].strength
            total += strength
            if Int(departure[Int(graph.neighbours[tie])]) < day { left += strength }
        }
        return total > 0 ? left / total : 0
    }

    /// Lead customers: the most innovative, best-connected people with a taste for the product.
    private mutating func chooseLeads(population: Population, graph: ContactGraph, seed: UInt64) {
        let n = population.count
        let leadCount = max(2, n * 15 / 1000)
        for product in 0..<Self.products.count {
            var scored: [(Double, Int)] = []
            scored.reserveCapacity(n)
            for index in 0..<n {
                let person = population[index]
                let noise = SplitMix64.hashUnit(seed, 9, UInt64(product), UInt64(index))
                let degree = Double(graph.ties(of: index).count)
                scored.append((person.innovativeness * log(2 + degree) * Self.affinity(product, person) * (0.7 + 0.6 * noise), index))
            }
            scored.sort { ($0.0, $1.1) > ($1.0, $0.1) }
            for (_, index) in scored.prefix(leadCount) { leads[product][index] = true }
        }
    }

    /// One month of a product's spread: leads at launch, then contacts of adopters.
    private mutating func spreadProduct(_ product: Int, month: Int, population: Population, graph: ContactGraph, seed: UInt64) {
        let n = population.count
        let first = monthStarts[month]
        let length = monthStarts[month + 1] - first
        let info = Self.products[product]
        var influence = [Float](repeating: 0, count: n)
        for index in 0..<n where Int(productStart[product][index]) < first && Int(productEnd[product][index]) >= first && isActive(index, on: first) {
            let weight: Float = leads[product][index] ? 3 : 1
            for tie in graph.ties(of: index) {
                influence[Int(graph.neighbours[tie])] += weight * Float(graph.kinds[tie].strength) * productActivity[product][index]
            }
        }
        for index in 0..<n where isActive(index, on: first + length - 1) || isActive(index, on: first) {
            var personal = SplitMix64.keyed(seed, 10, UInt64(index), UInt64(month * 16 + product))
            if productStart[product][index] != .max {
                if Int(productEnd[product][index]) == Int(Int32.max) && !leads[product][index] && personal.chance(0.02) {
                    productEnd[product][index] = Int32(first + personal.below(length))
                }
                continue
            }
            let day = Int32(max(Int(activation[index]), first + personal.below(length)))
            guard isActive(Int(index), on: Int(day)), Int(scheduled[index]) >= first + length else { continue }
            if leads[product][index] && (month == info.launchMonth || (info.launchMonth < 0 && month == 0)) {
                let launch = Self.launchDate(info, firstMonth: firstMonth).daysSinceEpoch
                productStart[product][index] = Int32(max(Int(activation[index]), launch))
                productActivity[product][index] = Float(0.7 + 0.3 * personal.unit())
                continue
            }
            let social = tieStrength[index] > 0 ? Double(min(1, influence[index] / tieStrength[index])) : 0
            let affinity = Double(affinities[product][index])
            let chance = affinity * (0.003 * (0.5 + population.people[index].innovativeness) + 0.35 * social)
            if personal.chance(chance) {
                productStart[product][index] = day
                productActivity[product][index] = Float(min(1, 0.05 + 0.7 * personal.unit() * affinity + 0.3 * social))
            }
        }
    }
}

/// Handset models by type allocation code (the first 8 digits of an IMEI).
enum HandsetModels {
    static let tacs: [(tac: String, name: String)] = [
        ("35332811", "Apple iPhone 15"), ("35467912", "Apple iPhone 16 Pro"), ("86769405", "Huawei Mate 60"),
        ("86436705", "Huawei nova 12"), ("86214306", "Xiaomi 14"), ("86088806", "Redmi Note 13"),
        ("86830605", "OPPO Reno 11"), ("86530106", "vivo X100"), ("35210612", "Samsung Galaxy S24"),
        ("86019504", "Honor 90"),
    ]

    static func name(_ handset: Int) -> String { tacs[handset >> 24].name }

    /// A valid 15-digit IMEI: TAC, a six-digit serial and the Luhn check digit.
    static func imei(_ handset: Int) -> String {
        let serial = String(handset & 0xFFFFF)
        let body = tacs[handset >> 24].tac + String(repeating: "0", count: 6 - serial.count) + serial
        var sum = 0
        for (position, character) in body.reversed().enumerated() {
            var digit = Int(character.asciiValue! - 48)
            if position % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return body + String((10 - sum % 10) % 10)
    }
}
