/// The files of the data contracts (`docs/data-contracts.md`), in the order they load.
///
/// The order matters: each file may refer only to kinds loaded before it (cells to
/// regions, subscribers to products, records to cells and subscribers).
public enum InputKind: String, Sendable, CaseIterable, Codable {
    case regions, cells, places, events, products, channels
    case subscribers, usage, subscriptions, handsets, complaints, contacts, churn
    case locations, interactions

    /// A column of a file's contract.
    public struct Column: Sendable, Hashable {
        public var name: String
        public var isRequired: Bool
    }

    /// The columns in their documented order; files may order them differently.
    public var columns: [Column] {
        func required(_ names: String...) -> [Column] { names.map { Column(name: $0, isRequired: true) } }
        func optional(_ names: String...) -> [Column] { names.map { Column(name: $0, isRequired: false) } }
        switch self {
        case .regions:
            return required("id", "name", "level") + optional("parent", "latitude", "longitude", "radius_m")
        case .cells:
            return required("id", "site", "latitude", "longitude", "store")
        case .places:
            return required("id", "name", "type", "latitude", "longitude", "radius_m") + optional("cells", "attributes")
        case .events:
            return required("id", "name", "place", "start", "end", "category")
        case .products:
            return required("id", "name", "kind", "monthly_price") + optional("launch_date")
        case .channels:
            return required("id", "name", "unit_cost")
        case .subscribers:
            return required("subscriber", "activation_date", "plan", "quota_mb", "monthly_fee")
                + optional("age", "gender", "contract_end")
        case .usage:
            return required("subscriber", "month", "arpu", "voice_minutes", "data_mb", "sms", "active_days") + optional("quota_mb")
        case .subscriptions:
            return required("subscriber", "product", "start") + optional("end", "activity")
        case .handsets:
            return required("subscriber", "time", "imei")
        case .complaints:
            return required("id", "subscriber", "time", "category") + optional("resolved_time")
        case .contacts:
            return required("subscriber", "time", "channel", "outcome") + optional("campaign")
        case .churn:
            return required("subscriber", "time", "kind") + optional("destination")
        case .locations:
            return required("subscriber", "time", "cell")
        case .interactions:
            return required("caller", "callee", "time", "kind", "duration_s")
        }
    }

    /// Location and interaction records: many files per kind, loaded into segments.
    public var isRecordVolume: Bool { self == .locations || self == .interactions }

    /// Kinds that the first ingest of a workspace must bring, because everything refers to them.
    public var isRequiredOnFirstIngest: Bool {
        self == .regions || self == .cells || self == .products || self == .subscribers
    }

    /// Whether a file name (without `.csv` / `.csv.gz`) belongs to this kind.
    ///
    /// Record volumes come as many files, e.g. `locations-2026-11-01.csv.gz`.
    func matches(stem: String) -> Bool {
        if stem == rawValue { return true }
        return isRecordVolume && (stem.hasPrefix(rawValue + "-") || stem.hasPrefix(rawValue + "_"))
    }
}
