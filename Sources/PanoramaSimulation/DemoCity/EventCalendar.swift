import Foundation
import PanoramaModel

/// Concerts, matches and trade fairs at the city's venues during the generated days.
///
/// The calendar follows a venue's week (concerts Thursday to Sunday, football at the
/// weekend, basketball midweek, a three-day fair each week at the expo center) and always
/// contains the storyline's IT fair and Jacky Cheung concert. Attendance is decided per
/// person from their latent interests, so fans come and a few companions tag along.
struct EventCalendar: Sendable {
    struct Event: Sendable {
        var id: String
        var name: String
        var place: Int
        var day: Int
        /// Seconds after the day's local midnight.
        var start: Int
        var end: Int
        var category: String
        /// The interest that draws fans; for a pop concert, `artist` narrows it.
        var interest: Interests
        var artist: Int = -1
        /// Expected attendees among our subscribers.
        var expected: Double
        /// Chance that a fan, and that anyone else, comes (set once the population is known).
        var fanChance = 0.0
        var companionChance = 0.0
    }

    /// Pop artists of the seed's concerts (张学友, 蔡琴, 卫兰, 陶喆) and a few more.
    static let artists = ["Jacky Cheung", "Tsai Chin", "Janice Vidal", "David Tao", "Eason Chan", "G.E.M.", "Jay Chou", "Faye Wong"]
    static let artistPopularity: [Double] = [3, 1.5, 1, 1.5, 2, 2, 2.5, 1.5]
    /// Share of an event's attendees who come along without the interest.
    static let companionShare = 0.08

    private(set) var events: [Event] = []
    /// Event indexes by day.
    private(set) var byDay: [[Int]] = []
    private(set) var storylineFair = -1
    private(set) var storylineConcert = -1

    init(days: Int, firstWeekday: Int, subscribers: Int, places: CityPlaces, seed: UInt64) {
        var random = SplitMix64.keyed(seed, 4)
        let audienceScale = Double(subscribers) / 1_500_000
        byDay = Array(repeating: [], count: days)
        // The storyline: an IT fair on the second day (or the first), Jacky Cheung that evening or later.
        let fairDay = min(1, days - 1)
        let concertDay = min(4, days - 1)
        let halls = places.indexes(.concertHall)
        let stadiums = places.indexes(.stadium)
        let industries: [(String, Interests)] = [("IT", .industryIT), ("auto", .industryAuto), ("home", .industryHome)]
        for day in 0..<days {
            let weekday = (firstWeekday + day) % 7
            let week = (firstWeekday + day) / 7
            for hall in halls {
                let storyline = hall == places.xinghaiConcertHall && day == concertDay
                guard storyline || (weekday >= 3 && random.chance(0.7)) else {
                    continue
                }
                let genreRoll = random.unit()
                let start = (19 * 60 + 30) * 60
                if storyline || genreRoll < 0.45 {
                    let artist = storyline ? 0 : random.pick(weights: Self.artistPopularity)
                    let name = artist == 0 ? "Jacky Cheung 60+ Tour, Guangzhou" : "\(Self.artists[artist]) Live in Guangzhou"
                    let index = add(
                        Event(
                            id: "", name: name, place: hall, day: day, start: start, end: start + 9000,
                            category: "music/pop/\(Self.artists[artist])", interest: .pop, artist: artist,
                            expected: 1500 * 0.9 * audienceScale))
                    if storyline { storylineConcert = index }
                } else if genreRoll < 0.8 {
                    let piece = ["Beethoven's Fifth", "European Brass Classics", "Mahler's First", "Tchaikovsky Evening"][random.below(4)]
                    add(
                        Event(
                            id: "", name: "Guangzhou Symphony: \(piece)", place: hall, day: day, start: start, end: start + 7200,
                            category: "music/symphony", interest: .symphony, expected: 1500 * 0.7 * audienceScale))
                } else {
                    add(
                        Event(
                            id: "", name: "Guzheng Night: High Mountains and Flowing Water", place: hall, day: day, start: start,
                            end: start + 6600, category: "music/folk", interest: .folk, expected: 1500 * 0.6 * audienceScale))
                }
            }
            if let main = stadiums.first {
                if weekday == 5 || (weekday == 6 && week % 2 == 1) {
                    let start = (weekday == 5 ? 19 * 60 + 30 : 15 * 60 + 30) * 60
                    add(
                        Event(
                            id: "", name: "Guangzhou FC vs \(["Shanghai Port", "Beijing Guoan", "Shandong Taishan", "Shenzhen FC"][(week * 2 + (weekday == 6 ? 1 : 0)) % 4])",
                            place: main, day: day, start: start, end: start + 7200, category: "sport/football", interest: .football,
                            expected: 25_000 * 0.8 * audienceScale))
                }
                if weekday == 2 {
                    let arena = stadiums.count > 1 ? stadiums[1] : main
                    add(
                        Event(
                            id: "", name: "CBA: Guangdong Southern Tigers vs \(["Liaoning", "Beijing", "Xinjiang", "Zhejiang"][week % 4])",
                            place: arena, day: day, start: (19 * 60 + 35) * 60, end: (21 * 60 + 50) * 60, category: "sport/basketball",
                            interest: .basketball, expected: 9000 * 0.85 * audienceScale))
                }
            }
            // A three-day fair each week, Tuesday to Thursday; the storyline's week is IT.
            if (1...3).contains(weekday) || day == fairDay {
                let industry = (firstWeekday + fairDay) / 7 == week ? 0 : week % 3
                let fairDayNumber = (1...3).contains(weekday) ? weekday : 1
                let (label, interest) = industries[industry]
                let fairName = ["Guangzhou IT Expo", "Guangzhou International Auto Show", "China Furniture Fair"][industry]
                let index = add(
                    Event(
                        id: "", name: "\(fairName), day \(fairDayNumber)", place: places.pazhouExpoCenter,
                        day: day, start: 9 * 3600, end: 17 * 3600, category: "expo/\(label)", interest: interest,
                        expected: 20_000 * 0.7 * audienceScale))
                if day == fairDay { storylineFair = index }
            }
        }
    }

    @discardableResult
    private mutating func add(_ event: Event) -> Int {
        var event = event
        event.id = "EV-\(String(format: "%05d", events.count + 1))"
        event.expected = max(3, event.expected)
        events.append(event)
        byDay[event.day].append(events.count - 1)
        return events.count - 1
    }

    /// How strongly a person is drawn to an event: 1 for a fan of the artist or interest,
    /// 0.25 for a pop fan at another artist's concert, 0 otherwise.
    static func pull(_ event: Event, on person: Person) -> Double {
        guard person.interests.contains(event.interest) else { return 0 }
        guard event.artist >= 0 else { return 1 }
        return person.artists & UInt8(1 << event.artist) != 0 ? 1 : 0.25
    }

    /// Sets each event's chances so that the expected number of people come.
    mutating func calibrate(population: Population) {
        for index in events.indices {
            var pulled = 0.0
            // Only people in town and free that day can come.
            for person in population.people where !person.nightShift && !person.isAway(on: events[index].day) {
                pulled += Self.pull(events[index], on: person)
            }
            let fans = events[index].expected * (1 - Self.companionShare)
            events[index].fanChance = pulled > 0 ? min(0.7, fans / pulled) : 0
            events[index].companionChance = min(0.05, events[index].expected * Self.companionShare / Double(max(1, population.count)))
        }
    }
}
