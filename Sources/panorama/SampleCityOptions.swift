import ArgumentParser

/// The size of a generated sample city, shared by `demo` and `sample`.
struct SampleCityOptions: ParsableArguments {
    @Option(help: "Number of subscribers in the sample city.")
    var subscribers: Int = 500

    @Option(help: "Days of location and interaction records.")
    var days: Int = 2

    func validate() throws {
        guard (10...1_000_000).contains(subscribers) else { throw ValidationError("--subscribers must be 10 to 1000000.") }
        guard (1...31).contains(days) else { throw ValidationError("--days must be 1 to 31.") }
    }
}
