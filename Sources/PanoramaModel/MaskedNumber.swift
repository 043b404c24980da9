/// A subscriber number as people are allowed to see it: `138****1234`.
///
/// Displays never show a full number. Keeping the first three and last four digits is
/// the operator convention: enough for a store clerk to confirm a customer on the
/// phone, not enough to dial them.
public struct MaskedNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    public let text: String

    /// Masks a raw number given as bytes, so callers on hot paths need not build a String.
    public init<Bytes: Collection>(numberBytes: Bytes) where Bytes.Element == UInt8 {
        let bytes = Array(numberBytes)
        let star = UInt8(ascii: "*")
        var masked: [UInt8]
        if bytes.count >= 8 {
            masked = Array(bytes.prefix(3)) + [star, star, star, star] + Array(bytes.suffix(4))
        } else if bytes.count >= 3 {
            masked = Array(repeating: star, count: bytes.count - 2) + Array(bytes.suffix(2))
        } else {
            masked = Array(repeating: star, count: bytes.count)
        }
        text = String(decoding: masked, as: UTF8.self)
    }

    /// Masks a raw number.
    public init(number: String) {
        self.init(numberBytes: number.utf8)
    }

    public var description: String { text }
}
