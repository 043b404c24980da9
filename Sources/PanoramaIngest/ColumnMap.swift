import Foundation

/// Where each contract column sits in one file, read from its header row.
///
/// Files may order their columns freely and leave out optional ones; an unknown,
/// duplicated or missing required column stops the ingest before any row is read.
struct ColumnMap: Sendable {
    let kind: InputKind
    /// Position in the file of each contract column (`kind.columns` order), or -1.
    let positions: [Int]
    /// Number of columns every row must have.
    let width: Int
    /// Position in the file by column name, for the row accessors.
    private let positionsByName: [String: Int]

    init(header: [String], kind: InputKind, file: String) throws(IngestError) {
        let columns = kind.columns
        var positions = Array(repeating: -1, count: columns.count)
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard let index = columns.firstIndex(where: { $0.name == name }) else {
                throw .unknownColumn(file: file, column: raw, expected: columns.map(\.name))
            }
            guard positions[index] < 0 else { throw .duplicateColumn(file: file, column: name) }
            positions[index] = position
        }
        for (index, column) in columns.enumerated() where column.isRequired && positions[index] < 0 {
            throw .missingColumn(file: file, column: column.name)
        }
        self.kind = kind
        self.positions = positions
        self.width = header.count
        var byName: [String: Int] = [:]
        for (index, column) in columns.enumerated() { byName[column.name] = positions[index] }
        positionsByName = byName
    }

    /// Reads the header row as it lies in the file; a header with an unclosed quote names
    /// no column and so fails on the first required one.
    init(headerLine: [UInt8], kind: InputKind, file: String) throws(IngestError) {
        try self.init(header: headerLine.withUnsafeBufferPointer(CSVLine.fields) ?? [], kind: kind, file: file)
    }

    /// Position of a named column in the file, or -1 if the file does not have it.
    func position(of name: String) -> Int {
        positionsByName[name] ?? -1
    }
}
