/// One call or text between two parties, seen from the side of one subscriber.
///
/// The contact graph needs every subscriber's calls in both directions, so ingest writes
/// a record for each subscriber party: a call between two subscribers becomes one
/// outgoing record in the caller's partition and one incoming record in the callee's.
/// The other party may be outside the operator (an external party), which keeps calls
/// to people who already ported out visible to the churn model.
@frozen
public struct InteractionRecord: Hashable, Sendable {
    /// Bit of `other` set when the other party is an external party, not a subscriber.
    public static let externalPartyFlag: UInt32 = 1 << 31
    /// Largest duration, in seconds, that the compact form holds (about 194 days).
    public static let maximumDuration: UInt32 = (1 << 24) - 1

    /// Dense index of the subscriber whose record this is.
    public var owner: UInt32
    /// Dense index of the other party, with `externalPartyFlag` for external parties.
    public var other: UInt32
    /// Seconds since 1970-01-01T00:00:00Z.
    public var time: UInt32
    /// Duration in the low 24 bits, kind in bit 24, direction in bit 25.
    public var packed: UInt32

    @inlinable
    public init(owner: UInt32, other: UInt32, time: UInt32, kind: InteractionKind, outgoing: Bool, duration: UInt32) {
        self.owner = owner
        self.other = other
        self.time = time
        self.packed =
            min(duration, Self.maximumDuration) | (kind == .sms ? 1 << 24 : 0) | (outgoing ? 1 << 25 : 0)
    }

    /// Seconds the call lasted; 0 for a text.
    @inlinable public var duration: UInt32 { packed & Self.maximumDuration }
    /// Call or text.
    @inlinable public var kind: InteractionKind { packed & (1 << 24) != 0 ? .sms : .voice }
    /// Whether the owner started the interaction.
    @inlinable public var isOutgoing: Bool { packed & (1 << 25) != 0 }
    /// Whether the other party is outside the operator.
    @inlinable public var otherIsExternal: Bool { other & Self.externalPartyFlag != 0 }
    /// Dense index of the other party within its own index space.
    @inlinable public var otherIndex: UInt32 { other & ~Self.externalPartyFlag }
}
