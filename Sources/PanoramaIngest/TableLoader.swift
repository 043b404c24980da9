import PanoramaModel
import PanoramaStore

/// Validates the rows of one kind of reference or customer file and saves the good ones.
///
/// `load` throws a `RowRejection` for a bad row (reported, the file goes on) and any
/// other error for a failure of the workspace itself (the ingest stops).
protocol TableLoader {
    mutating func load(_ row: TableRow, line: Int) throws
    /// Runs checks that need the whole file, such as parents defined after their children.
    mutating func finish(rejecting reject: (Int, RowRejection) -> Void) throws
}

extension TableLoader {
    mutating func finish(rejecting reject: (Int, RowRejection) -> Void) throws {}
}

/// What the loaders know of the workspace and of the files already read in this ingest.
final class IngestContext {
    let update: WorkspaceUpdate
    let timestamps: TimestampParser
    var regionLevels: [String: RegionLevel]
    var cells: [String: UInt32]
    var places: Set<String>
    var products: [String: ProductKind]
    var channels: Set<String>
    /// Subscriber numbers to dense indexes; built on first use, then kept up to date.
    private var subscriberTable: ByteKeyTable?

    init(update: WorkspaceUpdate) throws {
        self.update = update
        timestamps = TimestampParser(defaultOffsetSeconds: update.configuration.utcOffset.seconds)
        regionLevels = try update.regionLevels()
        cells = try update.cellIndexes()
        places = try update.identifiers(of: .place)
        products = try update.productKinds()
        channels = try update.identifiers(of: .channel)
    }

    /// The table of subscriber numbers, decrypting the stored ones the first time.
    func subscribers() throws -> ByteKeyTable {
        if let table = subscriberTable { return table }
        let numbers = try update.subscriberNumbers()
        var table = ByteKeyTable(expectedCount: max(numbers.count, 1024))
        numbers.forEach { number, index in table.insert(number, value: index) }
        subscriberTable = table
        return table
    }

    func addSubscriber(number: [UInt8], index: UInt32) throws {
        var table = try subscribers()
        subscriberTable = nil
        table.insert(number, value: index)
        subscriberTable = table
    }

    /// The dense index of the subscriber with this number, or a rejection naming it masked.
    func subscriber(_ number: String) throws -> UInt32 {
        guard SubscriberNumber.isValid(number) else {
            throw RowRejection(.invalidSubscriberNumber, "subscriber number \(SubscriberNumber.problem(number))")
        }
        guard let index = try subscribers().lookup(Array(number.utf8)) else {
            throw RowRejection(
                .undefinedSubscriber, "subscriber \(SubscriberNumber.masked(number)) is not a known subscriber")
        }
        return index
    }
}
