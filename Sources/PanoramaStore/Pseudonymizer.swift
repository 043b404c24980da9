@preconcurrency import Crypto
import Foundation
import PanoramaModel

/// Turns subscriber numbers into pseudonyms, and seals numbers so only exports can reveal them.
///
/// Both keys derive from the workspace secret with HKDF, so one 32-byte file outside the
/// database protects everything: without it a stolen database holds no numbers, only
/// HMAC-SHA256 pseudonyms and AES-GCM ciphertexts.
///
/// `@unchecked Sendable`: the keyed HMAC state and the `SymmetricKey` are immutable values
/// set once in `init` and only copied or read afterwards, so sharing them between threads is safe even though Crypto
/// does not declare the type `Sendable`.
public struct Pseudonymizer: @unchecked Sendable {
    /// Length of a workspace secret in bytes.
    public static let secretByteCount = 32

    /// HMAC state already keyed: copying it per number skips re-deriving the key pads,
    /// a third of the cost of pseudonymizing a short number.
    private let keyedHash: HMAC<SHA256>
    private let sealKey: SymmetricKey

    /// Derives the keys from a workspace secret.
    public init(secret: [UInt8]) {
        let master = SymmetricKey(data: secret)
        keyedHash = HMAC<SHA256>(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: master, info: Array("panorama/pseudonym/v1".utf8), outputByteCount: 32))
        sealKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: master, info: Array("panorama/number-seal/v1".utf8), outputByteCount: 32)
    }

    /// A fresh random secret for a new workspace.
    static func makeSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<secretByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The pseudonym of a number; the same number always yields the same pseudonym in one workspace.
    public func pseudonym<Bytes: DataProtocol>(of number: Bytes) -> Pseudonym {
        var hash = keyedHash
        hash.update(data: number)
        return Pseudonym(hashBytes: hash.finalize())
    }

    /// The pseudonym of a number given as text, for looking a customer up by full number.
    public func pseudonym(of number: String) -> Pseudonym {
        pseudonym(of: Array(number.utf8))
    }

    /// Encrypts the number directory for storage; only `reveal` turns it back.
    func seal(_ directory: NumberDirectory) throws -> Data {
        guard let combined = try AES.GCM.seal(directory.packed, using: sealKey).combined else {
            throw WorkspaceError.database("AES-GCM produced no combined ciphertext")
        }
        return combined
    }

    /// Decrypts the number directory.
    func reveal(_ sealed: Data) throws -> NumberDirectory {
        try NumberDirectory(packed: Array(try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: sealKey)))
    }
}
