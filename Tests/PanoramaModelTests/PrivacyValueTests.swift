import PanoramaModel
import Testing

@Suite struct PrivacyValueTests {
    @Test func masksKeepingThreeAndFourDigits() {
        #expect(MaskedNumber(number: "13812341234").text == "138****1234")
        #expect(MaskedNumber(number: "+8613812341234").text == "+86****1234")
        #expect(MaskedNumber(number: "12345").text == "***45")
        #expect(MaskedNumber(number: "12").text == "**")
    }

    @Test func acceptsOnlyWellFormedPseudonyms() {
        let pseudonym = Pseudonym(hashBytes: Array(0..<32).map(UInt8.init))
        #expect(pseudonym.hex == "000102030405060708090a0b0c0d0e0f")
        #expect(Pseudonym(hex: pseudonym.hex) == pseudonym)
        #expect(Pseudonym(hex: "000102030405060708090A0B0C0D0E0F") == nil)
        #expect(Pseudonym(hex: "0001") == nil)
    }
}
