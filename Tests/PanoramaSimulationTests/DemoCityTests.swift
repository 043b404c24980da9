import Foundation
import PanoramaModel
@testable import PanoramaSimulation
import PanoramaTestSupport
import Testing

/// One small demo city, written once and shared by the tests that only read it.
private let sharedCity: Result<GeneratedCity, any Error> = Result { try GeneratedCity(DemoCity(subscribers: 1500, days: 7, seed: 11)) }

/// A demo city on disk, read back as a user's tools would read it.
/// Immutable once written, so tests may share it across threads.
final class GeneratedCity: @unchecked Sendable {
    let city: DemoCity
    let url: URL
    let summary: DemoCitySummary
    private let directory: TemporaryDirectory

    init(_ city: DemoCity, workers: Int = 2) throws {
        self.city = city
        directory = try TemporaryDirectory()
        url = directory.path("city")
        summary = try city.write(to: url, workers: workers)
    }

    static func shared() throws -> GeneratedCity { try sharedCity.get() }

    /// Rows of a CSV file as dictionaries keyed by the header (quotes understood).
    func table(_ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
        let header = CSVText.fields(lines[0])
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, CSVText.fields(line)))
        }
    }

    /// Every file under the city, relative path → bytes.
    func files() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            guard !file.hasDirectoryPath else { continue }
            files[String(file.path.dropFirst(url.path.count))] = try Data(contentsOf: file)
        }
        return files
    }

    func fileNames(prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasPrefix(prefix) }.sorted()
    }
}


@Suite struct DemoCityTests {
    @Test func theSameOptionsWriteTheSameBytesWithAnyNumberOfWorkers() throws {
        let options = DemoCity(subscribers: 400, days: 2, seed: 5)
        let parallel = try GeneratedCity(options, workers: 2).files()
        let serial = try GeneratedCity(options, workers: 1).files()
        #expect(parallel.count == 72, "13 customer and reference files, 2 days of locations and calls, 49 days of call history, 6 truth files")
        #expect(parallel.keys.filter { $0.hasPrefix("/interactions-2025-") || $0.hasPrefix("/interactions-2026-10") }.count == 12)
        #expect(parallel["/interactions-2026-10-22.csv"] != nil && parallel["/locations-2026-10-22.csv"] == nil)
        #expect(parallel["/interactions-2026-11-01.csv"] != nil, "the 1st of the window's month, before its first day, is history")
        #expect(parallel.keys.sorted() == serial.keys.sorted())
        for name in parallel.keys.sorted() where name != "/truth/summary.json" {
            #expect(parallel[name] == serial[name], "\(name) differs between runs")
        }
        let otherSeed = try GeneratedCity(DemoCity(subscribers: 400, days: 2, seed: 6)).files()
        #expect(otherSeed["/locations-2026-11-02.csv"] != parallel["/locations-2026-11-02.csv"])
    }

    @Test func everyRecordNamesAKnownSubscriberAndCellOnItsDay() throws {
        let city = try GeneratedCity.shared()
        let cells = Set(try city.table("cells.csv").map { $0["id"]! })
        let subscribers = Set(try city.table("subscribers.csv").map { $0["subscriber"]! })
        let locationFiles = try city.fileNames(prefix: "locations-")
        #expect(locationFiles.count == 7)
        var records = 0
        for name in locationFiles {
            let day = String(name.dropFirst("locations-".count).prefix(10))
            for row in try city.table(name) {
                records += 1
                #expect(subscribers.contains(row["subscriber"]!))
                #expect(cells.contains(row["cell"]!))
                #expect(row["time"]!.hasPrefix(day + "T") && row["time"]!.hasSuffix("+08:00"))
            }
        }
        #expect(records == city.summary.locationRecords)
        let perPersonDay = Double(records) / Double(1500 * 7)
        #expect((20...150).contains(perPersonDay), "records per person per day: \(perPersonDay)")
        var interactions = 0
        for name in try city.fileNames(prefix: "interactions-") {
            for row in try city.table(name) {
                interactions += 1
                let (caller, callee) = (row["caller"]!, row["callee"]!)
                #expect(caller != callee)
                #expect(subscribers.contains(caller) || subscribers.contains(callee))
                #expect(["voice", "sms"].contains(row["kind"]!))
                #expect(row["kind"]! == "voice" ? Int(row["duration_s"]!)! > 0 : row["duration_s"]! == "0")
            }
        }
        #expect(interactions == city.summary.interactionRecords + city.summary.historyInteractionRecords)
        #expect(city.summary.historyInteractionRecords > 0)
    }

    @Test func noOneTravelsFasterThanTheirMode() throws {
        let model = DemoCity(subscribers: 1500, days: 7, seed: 11).model()
        var trips = 0
        for person in 0..<model.subscribers {
            for day in 0..<model.days {
                let stays = model.plan(subscriber: person, day: day).stays
                guard let first = stays.first, let last = stays.last else { continue }
                #expect(first.start == 0 && last.end == 86_400)
                for (previous, stay) in zip(stays, stays.dropFirst()) {
                    #expect(previous.start < previous.end && previous.end <= stay.start)
                    let kilometres = ((stay.x - previous.x) * (stay.x - previous.x) + (stay.y - previous.y) * (stay.y - previous.y)).squareRoot()
                    let hours = Double(stay.start - previous.end) / 3600
                    #expect(kilometres <= stay.arrivedBy.maximumSpeed * hours + 1e-9,
                            "subscriber \(person) day \(day): \(kilometres) km in \(hours) h by \(stay.arrivedBy.name)")
                    trips += 1
                }
            }
        }
        #expect(trips > 1500 * 7 * 2)
    }

    /// The truth counts a film only for someone who got to the cinema before it started and
    /// stayed, and a school run only for a parent who got there before the children left.
    @Test func theTruthCountsAVisitOnlyWhenThePersonGotThereInTime() throws {
        let model = DemoCity(subscribers: 1500, days: 7, seed: 11).model()
        var (films, schoolRuns) = (0, 0)
        for index in 0..<model.subscribers {
            let person = model.city.population[index]
            for day in 0..<model.days where model.city.isActive(index, on: day) {
                var planner = DayPlanner(city: model.city, person: index, day: day)
                let stays = planner.make().stays
                if planner.observed.contains(.cinema) {
                    films += 1
                    let film = stays.last { $0.place == Int(person.cinema) }
                    #expect(film.map { $0.start <= DayPlanner.filmStarts && $0.end - $0.start >= 3600 } == true,
                            "subscriber \(index) day \(day) at the cinema from \(film?.start ?? -1) to \(film?.end ?? -1)")
                }
                if planner.observed.contains(.schoolRun) {
                    schoolRuns += 1
                    let latest = [8 * 3600 + 900, 16 * 3600 + 2700]
                    let runs = stays.filter { $0.place == Int(person.childSchool) }
                    #expect(!runs.isEmpty && runs.allSatisfy { stay in latest.contains { stay.start <= $0 && stay.start > $0 - 4 * 3600 } },
                            "subscriber \(index) day \(day) at the school at \(runs.map(\.start))")
                }
            }
        }
        #expect(films > 100 && schoolRuns > 500, "\(films) films, \(schoolRuns) school runs")
    }

    @Test func recordsComeFromCellsNearWhereThePersonIs() throws {
        let city = try GeneratedCity.shared()
        let model = city.city.model()
        var cellPoints: [String: Coordinate] = [:]
        for row in try city.table("cells.csv") {
            cellPoints[row["id"]!] = Coordinate(latitude: Double(row["latitude"]!)!, longitude: Double(row["longitude"]!)!)
        }
        let sample = Dictionary(uniqueKeysWithValues: stride(from: 0, to: 1500, by: 37).map { (DemoCity.number($0), $0) })
        var checked = 0
        for row in try city.table("locations-2026-11-03.csv") {
            guard let person = sample[row["subscriber"]!] else { continue }
            let second = Self.secondOfDay(row["time"]!)
            let stays = model.plan(subscriber: person, day: 1).stays
            guard !stays.isEmpty else {
                Issue.record("subscriber \(person) has records on a day they are away or off the network")
                continue
            }
            // Where the plan puts the person: in a stay, or on the straight line of a trip.
            var position = (x: stays[0].x, y: stays[0].y)
            for (index, stay) in stays.enumerated() {
                if second >= stay.start && second <= stay.end { position = (stay.x, stay.y) }
                if index > 0, second > stays[index - 1].end, second < stay.start {
                    let fraction = Double(second - stays[index - 1].end) / Double(stay.start - stays[index - 1].end)
                    position = (stays[index - 1].x + (stay.x - stays[index - 1].x) * fraction, stays[index - 1].y + (stay.y - stays[index - 1].y) * fraction)
                }
            }
            let truth = LocalPlane.coordinate(of: Point(x: position.x, y: position.y))
            let distance = truth.distance(to: cellPoints[row["cell"]!]!)
            #expect(distance < 4000, "subscriber \(person) at \(row["time"]!) is \(Int(distance)) m from cell \(row["cell"]!)")
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test func personasCommutersAndAudiencesAreWithinTheirStatedShares() throws {
        let city = try GeneratedCity.shared()
        let truth = try city.table("truth/subscribers.csv")
        #expect(truth.count == 1500)
        for (persona, share) in zip(Persona.allCases, Persona.shares) {
            let observed = Double(truth.filter { $0["persona"] == persona.name }.count) / 1500
            #expect(abs(observed - share) < 0.035, "\(persona.name): \(observed) against \(share)")
        }
        let workers = truth.filter { !$0["work_place"]!.isEmpty && $0["persona"] != "college_student" }
        let transit = Double(workers.filter { ["subway", "bus"].contains($0["commute"]!) }.count) / Double(workers.count)
        #expect((0.3...0.8).contains(transit), "share of workers commuting by subway or bus: \(transit)")
        let summary = city.summary
        let fans = summary.events.map(\.fans).reduce(0, +)
        let companions = summary.events.map(\.companions).reduce(0, +)
        #expect(fans > 0)
        #expect(Double(companions) / Double(fans + companions) < 0.2)
        // Attendance is calibrated to each event's expected audience.
        let attendance = try city.table("truth/attendance.csv")
        #expect(attendance.count == fans + companions)
        let model = city.city.model().city
        for event in model.calendar.events {
            let came = attendance.filter { $0["event"] == event.id }.count
            #expect(Double(came) <= event.expected * 3 + 5, "\(event.name): \(came) came, \(event.expected) expected")
            if event.expected >= 20 { #expect(Double(came) >= event.expected * 0.3, "\(event.name): \(came) came, \(event.expected) expected") }
        }
        // Fans come for what they like: every fan's interests include the event's category.
        let interests = Dictionary(uniqueKeysWithValues: truth.map { ($0["subscriber"]!, $0["interests"]!) })
        let events = Dictionary(uniqueKeysWithValues: try city.table("events.csv").map { ($0["id"]!, $0["category"]!) })
        for row in attendance where row["fan"] == "yes" && row["subscriber"] != DemoCity.xiaoWangNumber {
            let category = events[row["event"]!]!
            let likes = interests[row["subscriber"]!]!.split(separator: ";").map(String.init)
            #expect(likes.contains { category == $0 || (category.hasPrefix("music/pop/") && $0.hasPrefix("music/pop/")) })
        }
    }

    @Test func xiaoWangLivesTheStoryline() throws {
        let city = try GeneratedCity.shared()
        let number = DemoCity.xiaoWangNumber
        #expect(number == "13812345678")
        let me = try #require(try city.table("truth/subscribers.csv").first { $0["subscriber"] == number })
        #expect(me["name"] == "Xiao Wang")
        #expect(me["persona"] == "white_collar")
        #expect(me["income_band"] == "high")
        let places = Dictionary(uniqueKeysWithValues: try city.table("places.csv").map { ($0["id"]!, $0) })
        #expect(places[me["home_place"]!]?["name"] == "Xinghe Bay")
        #expect(places[me["home_place"]!]?["attributes"] == "price_tier=high")
        #expect(places[me["work_place"]!]?["type"] == "office_tower")
        #expect(places[me["work_place"]!]?["name"]?.hasPrefix("Tianhe North") == true)
        let tags = Set(try city.table("truth/tags.csv").filter { $0["subscriber"] == number }.map { $0["tag"]! })
        #expect(tags.isSuperset(of: [
            "preference/expo/IT", "preference/music/pop/Jacky Cheung", "demographic/occupation/white_collar",
            "demographic/income/high",
        ]))
        // On the concert evening his phone is seen in a cell covering the concert hall.
        let attended = try city.table("truth/attendance.csv").filter { $0["subscriber"] == number }
        #expect(Set(attended.map { $0["category"]! }).isSuperset(of: ["expo/IT", "music/pop/Jacky Cheung"]))
        let concertID = try #require(attended.first { $0["category"] == "music/pop/Jacky Cheung" }?["event"])
        let concert = try #require(try city.table("events.csv").first { $0["id"] == concertID })
        let hallCells = Set(places[concert["place"]!]!["cells"]!.split(separator: ";").map(String.init))
        let day = String(concert["start"]!.prefix(10))
        let seen = try city.table("locations-\(day).csv").filter {
            $0["subscriber"] == number && Self.secondOfDay($0["time"]!) >= Self.secondOfDay(concert["start"]!)
                && Self.secondOfDay($0["time"]!) <= Self.secondOfDay(concert["end"]!)
        }
        #expect(seen.contains { hallCells.contains($0["cell"]!) })
    }

    @Test func theTruthIsConsistentWithTheInputFiles() throws {
        let city = try GeneratedCity.shared()
        let subscribers = Set(try city.table("subscribers.csv").map { $0["subscriber"]! })
        var centers: [String: Int] = [:]
        for row in try city.table("truth/circles.csv") {
            #expect(subscribers.contains(row["subscriber"]!))
            if row["role"] == "center" { centers[row["circle"]!, default: 0] += 1 } else { centers[row["circle"]!, default: 0] += 0 }
        }
        #expect(!centers.isEmpty && centers.values.allSatisfy { $0 == 1 })
        for row in try city.table("truth/tags.csv") {
            let path = row["tag"]!.split(separator: "/")
            #expect(path.count >= 3)
            #expect(path[0] == row["dimension"]!)
            #expect(Int(row["support_days"]!)! >= 1 && row["first_seen"]! <= row["last_seen"]!)
        }
        let churn = try city.table("churn.csv")
        for row in try city.table("truth/subscribers.csv") where !row["churn_date"]!.isEmpty {
            #expect(churn.contains { $0["subscriber"] == row["subscriber"] && $0["kind"] == row["churn_kind"] && $0["time"]!.hasPrefix(row["churn_date"]!) })
            #expect(!row["churn_cause"]!.isEmpty)
        }
        let moments = try city.table("truth/moments.csv")
        #expect(Set(moments.map { $0["kind"]! }).isSuperset(of: ["handset_change", "quota_overflow", "port_out", "voice_silence", "contract_ending"]))
        #expect(moments.allSatisfy { subscribers.contains($0["subscriber"]!) })
        let handsets = try city.table("handsets.csv")
        for moment in moments where moment["kind"] == "handset_change" {
            #expect(handsets.contains { $0["subscriber"] == moment["subscriber"] && $0["time"] == moment["time"] })
        }
        #expect(handsets.allSatisfy { Self.luhnValid($0["imei"]!) })
        // Nothing happens after the last generated day (2026-11-08), nor before a line is activated.
        let activation = Dictionary(uniqueKeysWithValues: try city.table("subscribers.csv").map { ($0["subscriber"]!, $0["activation_date"]!) })
        for (file, column) in [("handsets.csv", "time"), ("complaints.csv", "time"), ("complaints.csv", "resolved_time"), ("churn.csv", "time"), ("contacts.csv", "time")] {
            for row in try city.table(file) where !row[column]!.isEmpty {
                #expect(String(row[column]!.prefix(10)) <= "2026-11-08", "\(file) \(column) \(row[column]!)")
                #expect(String(row[column]!.prefix(10)) >= activation[row["subscriber"]!]!, "\(file) \(column) before activation")
            }
        }
        // Customers who left hold no product beyond the day they left.
        let left = Dictionary(uniqueKeysWithValues: try city.table("truth/subscribers.csv").filter { !$0["churn_date"]!.isEmpty }.map { ($0["subscriber"]!, $0["churn_date"]!) })
        #expect(!left.isEmpty)
        for row in try city.table("subscriptions.csv") {
            guard let day = left[row["subscriber"]!] else { continue }
            #expect(!row["end"]!.isEmpty && row["end"]! <= day, "\(row["subscriber"]!) keeps \(row["product"]!) after leaving on \(day)")
        }
    }

    @Test func commutersUseStationsAndStopsNearHomeAndWork() throws {
        let model = DemoCity(subscribers: 1500, days: 7, seed: 11).model().city
        var transit = 0
        for person in model.population.people where person.commute == .subway || person.commute == .bus {
            transit += 1
            let home = model.places.all[Int(person.homeStop)].point.distance(to: person.homePoint)
            let work = model.places.all[Int(person.workStop)].point.distance(to: person.workPoint)
            #expect(person.homeStop != person.workStop)
            #expect(home < 1.8 && work < 1.8, "\(person.commute.name) stops \(home) km from home and \(work) km from work")
        }
        #expect(transit > 300)
    }

    @Test func aDirectoryThatIsNotADemoCityIsLeftAlone() throws {
        let directory = try TemporaryDirectory()
        try Data("precious".utf8).write(to: directory.path("notes.txt"))
        #expect(throws: DemoCityError.notADemoCity(directory.url.standardizedFileURL.path)) {
            try DemoCity(subscribers: 100, days: 1).write(to: directory.url)
        }
        #expect(try String(contentsOf: directory.path("notes.txt"), encoding: .utf8) == "precious")
        // A demo city with a file of the user's own in it is not a demo city any more.
        let annotated = directory.path("annotated")
        try DemoCity(subscribers: 100, days: 1).write(to: annotated)
        try Data("my evaluation".utf8).write(to: annotated.appendingPathComponent("truth/eval-notes.md"))
        #expect(throws: DemoCityError.notADemoCity(annotated.standardizedFileURL.path)) {
            try DemoCity(subscribers: 100, days: 1).write(to: annotated)
        }
        #expect(FileManager.default.fileExists(atPath: annotated.appendingPathComponent("truth/eval-notes.md").path))
        // An earlier demo city is replaced whole: a shorter city leaves no stale day behind.
        let target = directory.path("city")
        try DemoCity(subscribers: 100, days: 2).write(to: target)
        try DemoCity(subscribers: 100, days: 1).write(to: target)
        let names = try FileManager.default.contentsOfDirectory(atPath: target.path)
        #expect(names.filter { $0.hasPrefix("locations-") } == ["locations-2026-11-02.csv"])
    }

    @Test func compressedRecordsHoldTheSameLines() throws {
        let plain = try GeneratedCity(DemoCity(subscribers: 200, days: 1, seed: 3))
        let compressed = try GeneratedCity(DemoCity(subscribers: 200, days: 1, seed: 3, compress: true))
        let gzipped = compressed.url.appendingPathComponent("locations-2026-11-02.csv.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(gzipped.path)'"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let inflated = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(inflated == (try Data(contentsOf: plain.url.appendingPathComponent("locations-2026-11-02.csv"))))
    }

    static func secondOfDay(_ time: String) -> Int {
        let clock = time.dropFirst(11).prefix(8).split(separator: ":").map { Int($0)! }
        return clock[0] * 3600 + clock[1] * 60 + clock[2]
    }

    static func luhnValid(_ digits: String) -> Bool {
        var sum = 0
        for (position, character) in digits.reversed().enumerated() {
            var digit = Int(character.asciiValue! - 48)
            if position % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return digits.count == 15 && sum % 10 == 0
    }
}
