import ArgumentParser
import Foundation
import PanoramaBuild
import PanoramaEngine
import PanoramaModel
import PanoramaStore

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Print a customer's panorama: anchors, tags by dimension with their evidence, and the stores' areas.")

    @Argument(help: "The workspace.")
    var workspace: String

    @Argument(help: "The subscriber's full number (shown only masked).")
    var number: String

    @Flag(help: "Print as JSON.")
    var json = false

    @Flag(help: "Also show tags that expired or ended.")
    var history = false

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let reader = try PanoramaReader(workspace: opened)
        guard let subscriber = try opened.subscriber(number: number) else {
            throw CommandFailure("No subscriber \(MaskedNumber(number: number)) in this workspace.")
        }
        let state = try reader.state(of: subscriber.index) ?? SubscriberState(subscriber: subscriber.index)
        var view = reader.view(state, pseudonym: subscriber.pseudonym.hex, masked: subscriber.masked.description)
        if !history { view.tags.removeAll { $0.status != "active" } }
        if json {
            print(try JSONText.encode(view))
            return
        }
        print("Subscriber \(view.masked)  (pseudonym \(view.pseudonym)), panorama of build \(reader.build.id) as of \(reader.asOf)")
        if let first = view.observed.first, let last = view.observed.last {
            print("  seen on \(view.observed.days) days, \(first) to \(last), \(Format.count(view.observed.records)) location records")
        } else {
            print("  no location records: the panorama has no anchors or tags for this subscriber yet")
        }
        for anchor in view.anchors {
            let place = anchor.place.map { "\(anchor.placeName ?? $0) (\(anchor.placeType ?? "place") \($0))" } ?? "no known place"
            print("  \(anchor.kind.padding(toLength: 5, withPad: " ", startingAt: 0)) \(place), cell \(anchor.cell), region \(anchor.region ?? "?")")
            print("        \(anchor.days.counted("day")), \(anchor.first) to \(anchor.last), confidence \(anchor.confidence)")
        }
        for dimension in ["region", "demographic", "preference", "behaviour"] {
            let tags = view.tags.filter { $0.dimension == dimension }
            guard !tags.isEmpty else { continue }
            print("  \(dimension)")
            for tag in tags {
                let status = tag.status == "active" ? "" : " [\(tag.status)]"
                print("    \(tag.path)\(status)")
                let evidence = tag.evidence.map { ", last at \($0)" } ?? ""
                print("        \(tag.support.counted("day")), \(tag.first) to \(tag.last), confidence \(tag.confidence)\(evidence)")
            }
        }
        if !view.stores.isEmpty {
            let top = view.stores.prefix(5).map { "\($0.name) (\($0.store), \($0.days.counted("day")))" }
            print("  in the areas of \(view.stores.count) stores, most: " + top.joined(separator: "; "))
        }
    }
}
