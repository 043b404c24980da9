import Foundation
import PanoramaModel

/// Who calls whom: families, colleagues, classmates and friends, each group with a centre.
///
/// Circles are built from the places people share (an estate for a family, a workplace
/// for a team, a campus for a class, a neighbourhood for friends), so that the social
/// circles overlap the life circles as they do in the seed. Each circle has a centre who
/// is tied to every member; everyone else knows a few members. Ties are stored once per
/// side in flat arrays (compressed rows) with their kind, which sets call volumes.
struct ContactGraph: Sendable {
    enum TieKind: UInt8, Sendable, CaseIterable {
        case family, colleague, classmate, friend, acquaintance

        var name: String { ["family", "colleagues", "classmates", "friends", "acquaintances"][Int(rawValue)] }
        /// Calls and texts a day along one tie, one direction.
        var voicePerDay: Double { [0.55, 0.14, 0.10, 0.08, 0.02][Int(rawValue)] }
        var smsPerDay: Double { [0.25, 0.08, 0.18, 0.07, 0.02][Int(rawValue)] }
        /// Weight of the tie when a person looks at what their contacts do.
        var strength: Double { [3, 2, 2, 1.5, 1][Int(rawValue)] }
    }

    struct Circle: Sendable {
        var id: String
        var kind: TieKind
        var center: Int32
        var members: [Int32]
    }

    /// Row offsets: ties of person `p` are `neighbours[offsets[p]..<offsets[p + 1]]`.
    private(set) var offsets: [Int]
    private(set) var neighbours: [Int32]
    private(set) var kinds: [TieKind]
    private(set) var circles: [Circle] = []
    /// Other operators' customers each person calls: indexes into the external pool.
    private(set) var externalOffsets: [Int]
    private(set) var externals: [Int32]
    let externalPool: Int

    func ties(of person: Int) -> Range<Int> { offsets[person]..<offsets[person + 1] }
    func externalTies(of person: Int) -> Range<Int> { externalOffsets[person]..<externalOffsets[person + 1] }

    init(population: Population, seed: UInt64) {
        let n = population.count
        var random = SplitMix64.keyed(seed, 5)
        var edges: [UInt64] = []
        edges.reserveCapacity(n * 8)
        var circles: [Circle] = []

        func link(_ a: Int, _ b: Int, _ kind: TieKind) {
            guard a != b else { return }
            let (low, high) = a < b ? (a, b) : (b, a)
            // Sorting puts the strongest kind (lowest raw value) first for each pair.
            edges.append(UInt64(low) << 36 | UInt64(high) << 4 | UInt64(kind.rawValue))
        }
        func formCircle(_ members: [Int], _ kind: TieKind, knows: ClosedRange<Int>) {
            guard members.count >= 2 else { return }
            let center = members[random.below(members.count)]
            for member in members {
                link(member, center, kind)
                for _ in 0..<random.below(knows.count) + knows.lowerBound {
                    link(member, members[random.below(members.count)], kind)
                }
            }
            circles.append(Circle(id: "", kind: kind, center: Int32(center), members: members.map(Int32.init)))
        }
        func chunks(_ members: [Int], size: ClosedRange<Int>, _ body: ([Int]) -> Void) {
            var start = 0
            while start < members.count {
                let length = min(members.count - start, size.lowerBound + random.below(size.count))
                body(Array(members[start..<(start + length)]))
                start += length
            }
        }

        // Families: neighbours in an estate, in households of one to four.
        var byHome: [Int32: [Int]] = [:]
        var byWork: [Int32: [Int]] = [:]
        for index in 0..<n {
            let person = population[index]
            if person.persona != .collegeStudent { byHome[person.home, default: []].append(index) }
            if person.work >= 0 { byWork[person.work, default: []].append(index) }
        }
        for estate in byHome.keys.sorted() {
            var start = 0
            let residents = byHome[estate]!
            while start < residents.count {
                let size = min(residents.count - start, [1, 2, 2, 3, 3, 4][random.below(6)])
                let household = Array(residents[start..<(start + size)])
                if household.count >= 2 {
                    for a in household { for b in household where a < b { link(a, b, .family) } }
                    circles.append(Circle(id: "", kind: .family, center: Int32(household[0]), members: household.map(Int32.init)))
                }
                start += size
            }
        }
        // Teams at work and classes on campus.
        for place in byWork.keys.sorted() {
            let staff = byWork[place]!
            let students = population[staff[0]].persona == .collegeStudent
                ? staff.filter { population[$0].persona == .collegeStudent } : []
            if !students.isEmpty {
                chunks(students, size: 25...35) { formCircle($0, .classmate, knows: 3...6) }
                chunks(staff.filter { population[$0].persona != .collegeStudent }, size: 8...15) { formCircle($0, .colleague, knows: 2...4) }
            } else {
                chunks(staff, size: 8...15) { formCircle($0, .colleague, knows: 2...4) }
            }
        }
        // Friends: groups of people living near each other (ordered by estate, then shuffled a little).
        let neighbourhoodOrder = (0..<n).sorted {
            (population[$0].home, $0 &* 2_654_435_761 % 1000, $0) < (population[$1].home, $1 &* 2_654_435_761 % 1000, $1)
        }
        chunks(neighbourhoodOrder, size: 6...10) { formCircle($0, .friend, knows: 1...3) }
        // Acquaintances anywhere in the city.
        if n > 1 { for index in 0..<n { for _ in 0..<2 { link(index, random.below(n), .acquaintance) } } }

        edges.sort()
        var pairs: [(Int, Int, TieKind)] = []
        pairs.reserveCapacity(edges.count)
        var previous: UInt64 = .max
        for edge in edges where edge >> 4 != previous {
            previous = edge >> 4
            pairs.append((Int(edge >> 36), Int((edge >> 4) & 0xFFFF_FFFF), TieKind(rawValue: UInt8(edge & 0xF))!))
        }
        var degree = [Int](repeating: 0, count: n + 1)
        for (a, b, _) in pairs {
            degree[a] += 1
            degree[b] += 1
        }
        var offsets = [Int](repeating: 0, count: n + 1)
        for index in 0..<n { offsets[index + 1] = offsets[index] + degree[index] }
        var cursor = offsets
        var neighbours = [Int32](repeating: 0, count: offsets[n])
        var kinds = [TieKind](repeating: .friend, count: offsets[n])
        for (a, b, kind) in pairs {
            neighbours[cursor[a]] = Int32(b)
            kinds[cursor[a]] = kind
            cursor[a] += 1
            neighbours[cursor[b]] = Int32(a)
            kinds[cursor[b]] = kind
            cursor[b] += 1
        }
        self.offsets = offsets
        self.neighbours = neighbours
        self.kinds = kinds
        for index in circles.indices {
            circles[index].id = "CIR-\(String(format: "%06d", index + 1))"
        }
        self.circles = circles

        externalPool = max(10, n / 4)
        var externalOffsets = [0]
        var externals: [Int32] = []
        for _ in 0..<n {
            for _ in 0..<random.below(4) { externals.append(Int32(random.below(externalPool))) }
            externalOffsets.append(externals.count)
        }
        self.externalOffsets = externalOffsets
        self.externals = externals
    }
}
