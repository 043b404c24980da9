import PanoramaModel

/// Why an ingest stopped without changing the workspace.
public enum IngestError: UserFacingError, Equatable {
    case missingInput(path: String)
    case inputIsAFile(path: String)
    case compressedAndPlain(plain: String, compressed: String)
    case sameContentTwice(file: String, sameAs: String)
    case missingRequiredFile(kind: String, expected: String)
    case noInputFiles(path: String)
    case unreadableFile(file: String, reason: String)
    case emptyFile(file: String)
    case corruptCompression(file: String, reason: String)
    case lineTooLong(file: String, line: Int)
    case unknownColumn(file: String, column: String, expected: [String])
    case missingColumn(file: String, column: String)
    case duplicateColumn(file: String, column: String)
    case tooManyRejected(file: String, rejected: Int, read: Int, threshold: Double, report: String)
    case alreadyIngested(file: String, ingest: Int64, earlierName: String)
    case conflictingFiles(kind: String, files: [String])

    public var userMessage: String {
        switch self {
        case .missingInput(let path):
            "The input directory \(path) does not exist."
        case .inputIsAFile(let path):
            "\(path) is a file; give the directory that holds the input files."
        case .compressedAndPlain(let plain, let compressed):
            "The input has both \(plain) and \(compressed), most likely the same records twice; keep one."
        case .sameContentTwice(let file, let sameAs):
            "\(file) has the same contents as \(sameAs) in this input; loading both would count its records twice."
        case .missingRequiredFile(let kind, let expected):
            "The input has no \(expected), and the workspace has no \(kind) yet; the first ingest needs it."
        case .noInputFiles(let path):
            "The input directory \(path) holds no files Panorama reads (see docs/data-contracts.md for their names)."
        case .unreadableFile(let file, let reason):
            "Cannot read \(file): \(reason)."
        case .emptyFile(let file):
            "\(file) is empty; every file needs at least its header row."
        case .corruptCompression(let file, let reason):
            "\(file) is not a valid gzip file: \(reason)."
        case .lineTooLong(let file, let line):
            "\(file) line \(line) is longer than 1 MiB; is this really a CSV file?"
        case .unknownColumn(let file, let column, let expected):
            "\(file) has an unknown column '\(column)'; its columns are: \(expected.joined(separator: ", "))."
        case .missingColumn(let file, let column):
            "\(file) lacks the required column '\(column)'."
        case .duplicateColumn(let file, let column):
            "\(file) names the column '\(column)' twice."
        case .tooManyRejected(let file, let rejected, let read, let threshold, let report):
            "\(file): \(rejected.grouped) of \(read.grouped) rows were rejected (\(Self.percent(Double(rejected) / Double(max(read, 1)))), more than the \(Self.percent(threshold)) allowed); nothing was loaded. The rejected rows and reasons are in \(report)."
        case .alreadyIngested(let file, let ingest, let earlierName):
            "\(file) was already loaded by ingest #\(ingest) (as \(earlierName)); loading it again would count its records twice."
        case .conflictingFiles(let kind, let files):
            "The input has more than one \(kind) file (\(files.joined(separator: ", "))); keep one."
        }
    }

    static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded()
        return String(Int(tenths) / 10) + "." + String(Int(tenths) % 10) + "%"
    }
}
