import ArgumentParser
import Foundation
import PanoramaEngine

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Check or print a tag catalog (format: docs/tag-catalog.md).",
        subcommands: [Validate.self, Show.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a catalog file; every problem is reported with its line.")

        @Argument(help: "The catalog file (YAML).")
        var file: String

        func run() throws {
            let catalog = try CatalogParser.load(URL(fileURLWithPath: file), displayName: file)
            var counts: [TagDimension: Int] = [:]
            for rule in catalog.rules { counts[rule.path.dimension, default: 0] += 1 }
            let summary = TagDimension.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            print("\(file) is a valid catalog: \(catalog.rules.count) tag rules (\(summary)).")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the default catalog, a starting point for your own.")

        func run() throws {
            print(DefaultCatalog.text, terminator: DefaultCatalog.text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
