/// The stable, non-reversible key of a subscriber everywhere inside a workspace.
///
/// A pseudonym is a keyed hash of the subscriber's number (see the store's
/// `Pseudonymizer`), written as 32 lowercase hexadecimal characters. It joins every
/// table and file without ever exposing the number itself.
public struct Pseudonym: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Number of bytes of the keyed hash that are kept.
    public static let byteCount = 16

    /// The hexadecimal text, always `2 * byteCount` lowercase characters.
    public let hex: String

    /// Wraps the first `byteCount` bytes of a keyed hash.
    public init<Bytes: Sequence>(hashBytes: Bytes) where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(Self.byteCount * 2)
        for byte in hashBytes.prefix(Self.byteCount) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        hex = String(decoding: text, as: UTF8.self)
    }

    /// Accepts a pseudonym typed or pasted by a user; `nil` unless it is well-formed.
    public init?(hex candidate: String) {
        let utf8 = candidate.utf8
        guard utf8.count == Self.byteCount * 2,
            utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        hex = candidate
    }

    public var description: String { hex }
}
