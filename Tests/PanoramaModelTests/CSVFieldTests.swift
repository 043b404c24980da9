import PanoramaModel
import Testing

@Suite struct CSVFieldTests {
    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(CSVField.quoted("Xinghe Bay") == "Xinghe Bay")
        #expect(CSVField.quoted("Jacky Cheung 60+ Tour, Guangzhou") == "\"Jacky Cheung 60+ Tour, Guangzhou\"")
        #expect(CSVField.quoted("the \"Derby\"") == "\"the \"\"Derby\"\"\"")
        #expect(CSVField.quoted("two\nlines") == "\"two\nlines\"")
        #expect(CSVField.quoted("carriage\rreturn") == "\"carriage\rreturn\"")
    }
}
