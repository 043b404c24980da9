import ArgumentParser
import PanoramaModel
import PanoramaSimulation

/// The size and seed of a demo city, shared by `generate` and `demo`.
struct DemoCityOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Subscribers, from 100 to 5M (k and M suffixes allowed, e.g. 100k).")
    var subscribers: String = "10k"

    @Option(parsing: .unconditional, help: "Days of location and interaction records, from 1 to 62.")
    var days: Int = 7

    @Option(parsing: .unconditional, help: "Random seed; the same seed and options write byte-identical files.")
    var seed: UInt64 = 1

    func validate() throws {
        let count = try CountArgument.parse(subscribers, option: "--subscribers")
        guard DemoCity.subscriberRange.contains(count) else {
            throw ValidationError("--subscribers must be from 100 to 5M; '\(subscribers)' is \(count.grouped).")
        }
        guard DemoCity.dayRange.contains(days) else { throw ValidationError("--days must be from 1 to 62.") }
    }

    /// The number of subscribers, validated.
    var subscriberCount: Int { (try? CountArgument.parse(subscribers, option: "--subscribers")) ?? 10_000 }
}
