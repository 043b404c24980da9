import ArgumentParser
import Foundation

/// Counts on the command line, written as people write them: `250k`, `10M`, `1500`.
enum CountArgument {
    static func parse(_ text: String, option: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let multiplier: Int
        var digits = Substring(trimmed)
        switch trimmed.last {
        case "k", "K": multiplier = 1000
        case "M", "m": multiplier = 1_000_000
        default: multiplier = 1
        }
        if multiplier > 1 { digits = digits.dropLast() }
        guard let value = Int(digits), value > 0 else {
            throw ValidationError("\(option) '\(text)' is not a positive count such as 250k or 10M.")
        }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw ValidationError("\(option) '\(text)' is far too large.") }
        return product
    }
}
