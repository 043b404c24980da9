import Foundation
import PanoramaModel

/// Loads one reference or customer file row by row through its `TableLoader`.
enum TableFileIngest {
    static func run(
        file: InputFile, context: IngestContext, progress: any IngestProgress
    ) throws -> (report: FileReport, rejects: RejectLog) {
        let chunker = try LineChunker(url: file.url, name: file.name)
        let map = try ColumnMap(headerLine: chunker.readHeader(), kind: file.kind, file: file.name)
        var loader = makeLoader(file.kind, context: context)
        var rejects = RejectLog()
        var read = 0
        let fileProgress = FileProgress(sink: progress, file: file.name, size: file.size)
        while let chunk = try chunker.next() {
            try CSVLine.forEachLine(in: chunk) { line, number in
                read += 1
                guard let fields = CSVLine.fields(line) else {
                    rejects.add(line: number, RowRejection(.unclosedQuote, "a quoted field is not closed"))
                    return
                }
                guard fields.count == map.width else {
                    rejects.add(line: number, LocationRecordParser.columnCountRejection(fields.count, map.width))
                    return
                }
                do {
                    try loader.load(TableRow(fields: fields, map: map, timestamps: context.timestamps), line: number)
                } catch let rejection as RowRejection {
                    rejects.add(line: number, rejection)
                }
            }
            if let range = chunk.mappedRange { chunker.discardMapped(range) }
            fileProgress.advance(fileBytes: chunker.consumedFileBytes, lines: chunker.linesHandedOut)
        }
        try loader.finish { line, rejection in rejects.add(line: line, rejection) }
        let report = FileReport(
            file: file.name, kind: file.kind, read: read, accepted: read - rejects.total, rejected: rejects.total,
            rejectedByReason: rejects.counts, recordsWritten: 0, bytes: chunker.contentBytes)
        return (report, rejects)
    }

    private static func makeLoader(_ kind: InputKind, context: IngestContext) -> any TableLoader {
        switch kind {
        case .regions: RegionLoader(context: context)
        case .cells: CellLoader(context: context)
        case .places: PlaceLoader(context: context)
        case .events: EventLoader(context: context)
        case .products: ProductLoader(context: context)
        case .channels: ChannelLoader(context: context)
        case .subscribers: SubscriberLoader(context: context)
        case .usage: UsageLoader(context: context)
        case .subscriptions: SubscriptionLoader(context: context)
        case .handsets: HandsetLoader(context: context)
        case .complaints: ComplaintLoader(context: context)
        case .contacts: ContactLoader(context: context)
        case .churn: ChurnLoader(context: context)
        case .locations, .interactions: preconditionFailure("record volumes load through RecordFileIngest")
        }
    }
}
