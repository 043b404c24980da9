/// What a product is sold as.
public enum ProductKind: String, Sendable, CaseIterable, Codable {
    case dataService = "data_service"
    case plan
    case bundle
}

/// Whether an interaction record is a call or a text message.
public enum InteractionKind: String, Sendable, CaseIterable, Codable {
    case voice
    case sms
}

/// What a complaint was about; faults feed the key-moment detector.
public enum ComplaintCategory: String, Sendable, CaseIterable, Codable {
    case billing
    case network
    case broadband
    case service
    case other
}

/// How a past marketing contact ended.
public enum ContactOutcome: String, Sendable, CaseIterable, Codable {
    case contacted
    case responded
    case declined
    case unreachable
}

/// How a subscriber left or shrank.
public enum ChurnKind: String, Sendable, CaseIterable, Codable {
    /// Left for another operator keeping the number (携转).
    case portOut = "port_out"
    /// Closed the line.
    case cancellation
    /// Moved to a cheaper plan.
    case downgrade
}

/// Gender as recorded by the operator, when it is recorded at all.
public enum Gender: String, Sendable, CaseIterable, Codable {
    case female = "F"
    case male = "M"
}
