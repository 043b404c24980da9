/// Something the operator sells: a data service, a plan or a bundle.
public struct Product: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var kind: ProductKind
    /// Price per month in yuan.
    public var monthlyPrice: Double
    /// When the product went on sale; adoption segments measure how early people took it up.
    public var launchDate: CivilDate?

    public init(id: String, name: String, kind: ProductKind, monthlyPrice: Double, launchDate: CivilDate?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.monthlyPrice = monthlyPrice
        self.launchDate = launchDate
    }
}

/// A way of reaching a customer, with what one contact costs.
public struct Channel: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// Cost of one contact in yuan; campaign savings are computed from it.
    public var unitCost: Double

    public init(id: String, name: String, unitCost: Double) {
        self.id = id
        self.name = name
        self.unitCost = unitCost
    }

    /// The channels and unit costs of the seed documents, used when the data brings none.
    public static let defaults: [Channel] = [
        Channel(id: "store", name: "Retail store", unitCost: 2.0),
        Channel(id: "outbound_call", name: "Outbound call", unitCost: 1.3),
        Channel(id: "sms", name: "SMS", unitCost: 0.1),
        Channel(id: "mms", name: "MMS", unitCost: 0.3),
    ]
}
