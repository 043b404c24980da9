/// What the operator's customer file says about a subscriber, apart from the number.
///
/// The number itself never appears in this struct: the store keeps it only as a
/// pseudonym, a masked display form and an encrypted copy.
public struct SubscriberProfile: Hashable, Sendable, Codable {
    public var activationDate: CivilDate
    /// The plan's product identifier.
    public var plan: String
    /// Monthly data allowance in MB.
    public var quotaMB: Double
    /// Monthly fee of the plan in yuan.
    public var monthlyFee: Double
    public var age: Int?
    public var gender: Gender?
    /// When the contract's commitment ends, if there is one.
    public var contractEnd: CivilDate?

    public init(
        activationDate: CivilDate, plan: String, quotaMB: Double, monthlyFee: Double, age: Int?, gender: Gender?,
        contractEnd: CivilDate?
    ) {
        self.activationDate = activationDate
        self.plan = plan
        self.quotaMB = quotaMB
        self.monthlyFee = monthlyFee
        self.age = age
        self.gender = gender
        self.contractEnd = contractEnd
    }
}
