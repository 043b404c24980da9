import Foundation
import PanoramaModel
import PanoramaStore
import PanoramaTestSupport
import Testing

@Suite struct PseudonymizerTests {
    @Test func sameNumberSamePseudonymWithinAWorkspaceOnly() {
        let first = Pseudonymizer(secret: Array(repeating: 1, count: 32))
        let again = Pseudonymizer(secret: Array(repeating: 1, count: 32))
        let other = Pseudonymizer(secret: Array(repeating: 2, count: 32))
        let pseudonym = first.pseudonym(of: "13812341234")
        #expect(pseudonym == again.pseudonym(of: "13812341234"))
        #expect(pseudonym != other.pseudonym(of: "13812341234"))
        #expect(pseudonym != first.pseudonym(of: "13812341235"))
        #expect(pseudonym.hex.count == 32)
        #expect(!pseudonym.hex.contains("13812341234"))
    }

    @Test func findsSubscribersByHashedNumberAndRevealsOnlyOnRequest() throws {
        let temporary = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temporary.path("city"))
        let profile = SubscriberProfile(
            activationDate: CivilDate(year: 2024, month: 5, day: 1)!, plan: "PLAN", quotaMB: 1024, monthlyFee: 58,
            age: 31, gender: .female, contractEnd: nil)
        let index = try workspace.update(input: "test") { update in
            try update.save(Product(id: "PLAN", name: "Plan", kind: .plan, monthlyPrice: 58, launchDate: nil))
            return try update.saveSubscriber(number: Array("13812341234".utf8), profile: profile)
        }
        let found = try #require(try workspace.subscriber(number: "13812341234"))
        #expect(found.index == index)
        #expect(found.masked.text == "138****1234")
        #expect(found.profile == profile)
        #expect(try workspace.subscriber(number: "13812341235") == nil)
        #expect(try workspace.revealNumbers(of: [index]) == [index: "13812341234"])
    }
}
