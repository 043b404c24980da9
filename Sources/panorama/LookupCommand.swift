import ArgumentParser
import Foundation
import PanoramaModel
import PanoramaStore

struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Find a subscriber by full number; the number is hashed, and shown only masked.")

    @Argument(help: "The workspace.")
    var workspace: String

    @Argument(help: "The subscriber's full number.")
    var number: String

    func validate() throws { try Self.check(number) }

    /// Refuses what is not a subscriber number before it is hashed, so that a typo is not
    /// answered with the mask of someone else's number.
    static func check(_ number: String) throws {
        let digits = number.hasPrefix("+") ? number.dropFirst() : Substring(number)
        guard (5...20).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw ValidationError("The number must be 5 to 20 digits with an optional leading +.")
        }
    }

    func run() throws {
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        guard let subscriber = try opened.subscriber(number: number) else {
            throw CommandFailure("No subscriber \(MaskedNumber(number: number)) in this workspace.")
        }
        let profile = subscriber.profile
        print("Subscriber \(subscriber.masked)  (pseudonym \(subscriber.pseudonym))")
        print("  plan \(profile.plan), \(Format.decimal(profile.monthlyFee)) yuan/month, \(Format.decimal(profile.quotaMB)) MB quota")
        print("  active since \(profile.activationDate)" + (profile.contractEnd.map { ", contract ends \($0)" } ?? ""))
        if profile.age != nil || profile.gender != nil {
            print("  " + [profile.age.map { "age \($0)" }, profile.gender.map { "gender \($0.rawValue)" }].compactMap { $0 }.joined(separator: ", "))
        }
    }
}
