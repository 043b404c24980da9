import Foundation
import PanoramaModel
import PanoramaSimulation

/// The parts of a demo city's `truth/` the evaluation needs, keyed by full number.
struct Truth {
    struct Person {
        var homePlace: String
        var workPlace: String
    }

    var people: [String: Person] = [:]
    /// Tag path → support days, per subscriber.
    var tags: [String: [String: Int]] = [:]

    init(directory: URL) throws {
        let subscribers = try Self.rows(directory.appendingPathComponent("subscribers.csv"), required: ["subscriber", "home_place", "work_place"])
        for row in subscribers.rows {
            people[row[subscribers.column["subscriber"]!]] = Person(
                homePlace: row[subscribers.column["home_place"]!], workPlace: row[subscribers.column["work_place"]!])
        }
        let tagFile = try Self.rows(directory.appendingPathComponent("tags.csv"), required: ["subscriber", "tag", "support_days"])
        for row in tagFile.rows {
            let support = Int(row[tagFile.column["support_days"]!]) ?? 0
            tags[row[tagFile.column["subscriber"]!], default: [:]][row[tagFile.column["tag"]!]] = support
        }
    }

    /// Checks that the truth belongs to the workspace's city: demo cities of every seed use
    /// the same numbers and place ids, so a truth from another city would join without
    /// complaint and give figures about nothing. `panorama generate` writes the truth
    /// beside the city's `places.csv`; when it is there, the places the workspace also has
    /// must stand where the workspace has them (a place the workspace rejected at ingest
    /// is not held against the truth), and there must be some.
    static func checkCity(of directory: URL, places: [Place]) throws {
        let url = directory.deletingLastPathComponent().appendingPathComponent("places.csv")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let file = try rows(url, required: ["id", "latitude", "longitude"])
        var known: [String: Coordinate] = [:]
        for place in places { known[place.id] = place.coordinate }
        var compared = 0
        var elsewhere = 0
        for row in file.rows {
            let field = { (name: String) in row[file.column[name]!].trimmingCharacters(in: .whitespaces) }
            guard let coordinate = known[field("id")] else { continue }
            compared += 1
            guard let latitude = Double(field("latitude")), let longitude = Double(field("longitude")),
                coordinate.distance(to: Coordinate(latitude: latitude, longitude: longitude)) <= 10
            else {
                elsewhere += 1
                continue
            }
        }
        if compared == 0 || elsewhere * 100 > compared {
            throw EvaluationError.otherCity(path: directory.path, places: url.path, elsewhere: compared == 0 ? file.rows.count : elsewhere, total: file.rows.count)
        }
    }

    /// Support of the subscriber's truth tag starting with `prefix`, 0 for none.
    func support(_ number: String, prefix: String) -> Int {
        tags[number]?.first { $0.key.hasPrefix(prefix) }?.value ?? 0
    }

    /// A small CSV reader for the files `panorama generate` writes: a header, RFC 4180 quoting.
    static func rows(_ url: URL, required: [String]) throws -> (column: [String: Int], rows: [[String]]) {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw EvaluationError.missingTruth(path: url.path)
        }
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else { throw EvaluationError.malformedTruth(path: url.path, line: 1, reason: "it is empty") }
        var column: [String: Int] = [:]
        for (index, name) in CSVText.fields(header).enumerated() { column[name] = index }
        for name in required where column[name] == nil {
            throw EvaluationError.malformedTruth(path: url.path, line: 1, reason: "it has no column \(name); is this a demo city's truth?")
        }
        var rows: [[String]] = []
        var number = 1
        while let line = lines.next() {
            number += 1
            let row = CSVText.fields(line)
            guard row.count == column.count else {
                throw EvaluationError.malformedTruth(path: url.path, line: number, reason: "it has \(row.count) fields, the header \(column.count)")
            }
            rows.append(row)
        }
        return (column, rows)
    }
}

/// Why an evaluation could not run.
public enum EvaluationError: UserFacingError, Equatable {
    case missingTruth(path: String)
    case malformedTruth(path: String, line: Int, reason: String)
    case otherCity(path: String, places: String, elsewhere: Int, total: Int)

    public var userMessage: String {
        switch self {
        case .missingTruth(let path):
            "Cannot read \(path); --truth must be the truth directory of a city written by `panorama generate` (its `truth/`)."
        case .malformedTruth(let path, let line, let reason):
            "\(path), line \(line): \(reason)" + (reason.hasSuffix("?") ? "" : ".")
        case .otherCity(let path, let places, let elsewhere, let total):
            "The truth in \(path) is of another city: \(elsewhere) of the \(total) places in \(places) are not where this workspace has them. "
                + "Give the truth/ of the city this workspace ingested."

        }
    }
}
