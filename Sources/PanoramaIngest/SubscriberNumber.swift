import PanoramaModel

/// The rules for what counts as a subscriber number in the input.
///
/// Numbers are MSISDNs: an optional leading `+` and 5 to 20 digits. Anything else in a
/// number column is a data error, reported with the value masked.
enum SubscriberNumber {
    @inline(__always)
    static func isValid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var start = 0
        if n > 0 && p[0] == 0x2B { start = 1 }
        let digits = n - start
        guard digits >= 5 && digits <= 20 else { return false }
        for i in start..<n where p[i] &- 0x30 > 9 { return false }
        return true
    }

    static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in buffer.baseAddress.map { isValid($0, buffer.count) } ?? false }
    }

    /// What is wrong with a value that is not a valid number, without repeating the value:
    /// masking would hide exactly the character at fault.
    static func problem(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        let rule = "numbers are 5 to 20 digits with an optional leading +"
        guard n > 0 else { return "is empty" }
        let start = p[0] == 0x2B ? 1 : 0
        for index in start..<n where p[index] &- 0x30 > 9 {
            let byte = p[index]
            let shown = (0x21...0x7E).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "a space or non-ASCII byte"
            return "contains \(shown); \(rule)"
        }
        return "has \(n - start) digits; \(rule)"
    }

    static func problem(_ text: String) -> String {
        var text = text
        return text.withUTF8 { buffer in buffer.baseAddress.map { problem($0, buffer.count) } ?? "is empty" }
    }

    /// The masked form for messages: `138****1234`.
    static func masked(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        MaskedNumber(numberBytes: UnsafeBufferPointer(start: p, count: min(n, 64))).text
    }

    static func masked(_ text: String) -> String { MaskedNumber(number: text).text }
}
