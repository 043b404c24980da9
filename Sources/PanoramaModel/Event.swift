/// Something that happens at a venue for a while: a concert, a match, a trade fair.
///
/// Presence at the venue during the event yields a preference tag whose path extends
/// with the event's category (`music/pop/Jacky Cheung`).
public struct Event: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// The venue's place identifier.
    public var place: String
    /// Start and end, seconds since the Unix epoch.
    public var start: Int64
    public var end: Int64
    /// The category path segments, coarse to fine, e.g. `["music", "pop", "Jacky Cheung"]`.
    public var category: [String]

    public init(id: String, name: String, place: String, start: Int64, end: Int64, category: [String]) {
        self.id = id
        self.name = name
        self.place = place
        self.start = start
        self.end = end
        self.category = category
    }
}
