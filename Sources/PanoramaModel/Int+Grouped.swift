extension Int {
    /// The number with thousands separated by commas, `1,234,567`: how counts are shown to people.
    public var grouped: String {
        let digits = String(magnitude)
        var text = self < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// `1 day`, `2 days`, `1,500 fans`: the count grouped, the noun agreeing with it.
    public func counted(_ noun: String, plural: String? = nil) -> String {
        grouped + " " + (self == 1 ? noun : plural ?? noun + "s")
    }
}
