import ArgumentParser
import Foundation
import PanoramaBuild
import PanoramaEngine
import PanoramaModel
import PanoramaStore
import PanoramaValue

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

    func validate() throws { try LookupCommand.check(number) }

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        let reader = try PanoramaReader(workspace: opened)
        guard let subscriber = try opened.subscriber(number: number) else {
            throw CommandFailure("No subscriber \(MaskedNumber(number: number)) in this workspace.")
        }
        let state = try reader.state(of: subscriber.index) ?? SubscriberState(subscriber: subscriber.index)
        var view = reader.view(state, pseudonym: subscriber.pseudonym.hex, masked: subscriber.masked.description)
        if !history { view.tags.removeAll { $0.status != "active" } }
        let value = try valueSection(opened, subscriber: subscriber.index)
        if json {
            print(try JSONText.encode(JSONWithSection(base: view, key: "value", section: value)))
            return
        }
        print("Subscriber \(view.masked)  (pseudonym \(view.pseudonym)), panorama of build \(reader.build.id) as of \(reader.asOf)")
        if let first = view.observed.first, let last = view.observed.last {
            print("  seen on \(view.observed.days) days, \(first) to \(last), \(Format.count(view.observed.records)) location records")
        } else {
            print("  no location records: the panorama has no anchors or tags for this subscriber yet")
        }
        if let value { printValue(value) }
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
        if let typical = view.typicalDay {
            printTypicalDay("weekday", typical.weekday, observed: typical.weekdaysObserved)
            printTypicalDay("weekend day", typical.weekend, observed: typical.weekendDaysObserved)
        }
    }

    func printTypicalDay(_ name: String, _ stretches: [SubscriberView.HoursView], observed: Int) {
        print("  typical \(name) (\(observed.counted("day")) observed)")
        if stretches.isEmpty { print("    no hour spent in the same place on enough days") }
        for stretch in stretches {
            let clock = { (hour: Int) in (hour < 10 ? "0" : "") + "\(hour):00" }
            let near = stretch.near.isEmpty ? "" : ", near " + stretch.near.joined(separator: ", ")
            print("    \(clock(stretch.from))-\(clock(stretch.to))  \(stretch.anchor ?? "elsewhere"): cell \(stretch.cell)\(near); \(stretch.days) of \(stretch.seen) days")
        }
    }

    /// The customer's value, stage and the advice for them, or `nil` without usage.
    func valueSection(_ workspace: Workspace, subscriber: UInt32) throws -> CustomerAdvice? {
        let ledger = try workspace.customerLedger()
        guard !ledger.months.isEmpty, Int(subscriber) < ledger.subscribers else { return nil }
        let assessment = try ValueAssessor(settings: workspace.configuration.valueSettings).assess(ledger)
        return CustomerAdvice(month: assessment.month.description, customer: assessment.customers[Int(subscriber)])
    }

    func printValue(_ advice: CustomerAdvice) {
        let customer = advice.customer
        guard customer.isActive, let tier = customer.tier, let stage = customer.stage else {
            print("  value    not billed in \(advice.month), or gone: no tier or stage")
            return
        }
        print("  value    \(tier.rawValue) value, ARPU \(String(format: "%.1f", customer.spend)) a month (band \(customer.arpuBand ?? "?")) as of \(advice.month); \(customer.adoption?.rawValue ?? "?")")
        let products = customer.products.isEmpty ? "no products" : customer.products.joined(separator: ", ")
        print("           \(Int(customer.voiceMinutes.rounded())) voice minutes, \(Int(customer.dataMB.rounded())) MB, \(Int(customer.sms.rounded())) SMS, \(Int(customer.activeDays.rounded())) active days a month; \(products)")
        let reason = customer.declineReason.map { " (\($0))" } ?? ""
        print("  stage    \(stage.rawValue)\(reason): \(advice.play?.actions.joined(separator: "; ") ?? "")")
        if let contact = advice.contact {
            print("  contact  \(contact.frequency) by \(contact.channels.joined(separator: " or ")): \(contact.content)")
        }
    }
}

/// A customer's value as `profile` shows it, with the stage's play and the tier's contact policy.
struct CustomerAdvice: Encodable {
    let month: String
    let customer: CustomerValue
    let play: RetentionPlaybook.Play?
    let contact: RetentionPlaybook.ContactPolicy?

    init(month: String, customer: CustomerValue) {
        self.month = month
        self.customer = customer.rounded()
        play = customer.stage.map(RetentionPlaybook.play(for:))
        contact = customer.tier.map(RetentionPlaybook.contactPolicy(for:))
    }
}
