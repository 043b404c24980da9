import Foundation
import Testing

@testable import PanoramaIngest

@Suite struct ParserTests {
    let parser = TimestampParser(defaultOffsetSeconds: 8 * 3600)

    @Test(arguments: [
        ("2026-11-02T08:00:00+08:00", 1_793_577_600),
        ("2026-11-02T00:00:00Z", 1_793_577_600),
        ("2026-11-02 08:00:00+0800", 1_793_577_600),
        ("2026-11-02T08:00:00.250+08", 1_793_577_600),
        ("2026-11-02T08:00:00", 1_793_577_600),
        ("2026-11-01T19:00:00-05:00", 1_793_577_600),
        ("1793577600", 1_793_577_600),
    ] as [(String, Int64)])
    func readsEveryAcceptedForm(text: String, expected: Int64) {
        #expect(parser.parse(text) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "2026-11-02", "2026-13-02T08:00:00+08:00", "2026-02-30T08:00:00+08:00",
        "2026-11-02T24:00:00+08:00", "2026-11-02T08:00:00+8", "2026-11-02T08:00:00 +08:00", "2026-11-02T08:00:00.+08:00",
        "-1793577600",
    ])
    func refusesEverythingElse(text: String) {
        #expect(parser.parse(text) == nil)
    }

    @Test func splitsQuotedFields() {
        func fields(_ line: String) -> [String]? {
            Array(line.utf8).withUnsafeBufferPointer(CSVLine.fields)
        }
        #expect(fields("a,b,c") == ["a", "b", "c"])
        #expect(fields("\"Tianhe, North\",\"say \"\"hi\"\"\",") == ["Tianhe, North", "say \"hi\"", ""])
        #expect(fields(",,") == ["", "", ""])
        #expect(fields("\"open") == nil)
        #expect(fields("\"closed\"x,y") == nil)
    }

    @Test func findsEveryKeyAndNoOther() {
        var table = ByteKeyTable(expectedCount: 4)
        for index in 0..<20_000 { table.insert(Array("138\(index)".utf8), value: UInt32(index)) }
        #expect(table.count == 20_000)
        for index in 0..<20_000 { #expect(table.lookup(Array("138\(index)".utf8)) == UInt32(index)) }
        #expect(table.lookup(Array("13820000".utf8)) == nil)
        #expect(table.lookup(Array("".utf8)) == nil)
        table.insert(Array("1385".utf8), value: 99)
        #expect(table.lookup(Array("1385".utf8)) == 99)
        #expect(table.count == 20_000)
    }

    @Test func validatesSubscriberNumbers() {
        #expect(SubscriberNumber.isValid("13812341234"))
        #expect(SubscriberNumber.isValid("+8613812341234"))
        #expect(!SubscriberNumber.isValid("1381"))
        #expect(!SubscriberNumber.isValid("138-1234-1234"))
        #expect(!SubscriberNumber.isValid("138123412341234123412"))
    }
}

@Suite struct LineScanTests {
    /// Compares the eight-bytes-at-a-time scanner with the plain splitter on lines of every
    /// length from 0 to 40, with commas, spaces, carriage returns and quotes in all places.
    @Test func agreesWithThePlainSplitterOnGeneratedLines() {
        let alphabet = Array("a1, \r\"x".utf8)
        var state: UInt64 = 12345
        for _ in 0..<5000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 58) % 41
            var line: [UInt8] = []
            for index in 0..<length { line.append(alphabet[Int((state >> UInt64(index % 50)) % UInt64(alphabet.count))]) }
            let buffer = line + [0x0A] + Array("next,line".utf8)
            buffer.withUnsafeBufferPointer { pointer in
                let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 200)
                defer { bounds.deallocate() }
                let scan = scanLine(pointer.baseAddress!, from: 0, to: pointer.count, bounds: bounds, capacity: 100)
                #expect(scan.next == length + 1)
                #expect(scan.hasQuote == line.contains(0x22))
                var content = line
                if content.last == 0x0D { content.removeLast() }
                #expect(scan.fieldCount == content.split(separator: 0x2C, omittingEmptySubsequences: false).count)
                if !scan.hasQuote {
                    let expected = content.split(separator: 0x2C, omittingEmptySubsequences: false).map {
                        String(decoding: $0, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " "))
                    }
                    let found = (0..<scan.fieldCount).map { field in
                        String(decoding: UnsafeBufferPointer(rebasing: pointer[bounds[2 * field]..<bounds[2 * field + 1]]), as: UTF8.self)
                    }
                    #expect(found == expected, "line \(String(decoding: line, as: UTF8.self).debugDescription)")
                }
            }
        }
    }
}
