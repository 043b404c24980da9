import Foundation
import PanoramaTestSupport
import Testing

@testable import PanoramaIngest

@Suite struct ChunkerTests {
    /// A chunker over `text`, reading the file as a stream or mapping it.
    private func chunker(
        _ text: String, chunkSize: Int = 64, mapped: Bool
    ) throws -> (LineChunker, TemporaryDirectory) {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("file.csv")
        try Data(text.utf8).write(to: url)
        let chunker =
            mapped
            ? try LineChunker(url: url, name: "file.csv", chunkSize: chunkSize)
            : LineChunker(source: try openByteSource(url, name: "file.csv"), name: "file.csv", chunkSize: chunkSize)
        return (chunker, temporary)
    }

    @Test(arguments: [false, true])
    func numbersLinesAcrossChunks(mapped: Bool) throws {
        let rows = (1...500).map { "row-\($0),value-\($0 * 7)" }
        let (chunker, temporary) = try chunker("\u{FEFF}a,b\r\n" + rows.joined(separator: "\n"), mapped: mapped)
        _ = temporary
        #expect(String(decoding: try chunker.readHeader(), as: UTF8.self) == "a,b")
        var seen: [(Int, String)] = []
        var chunks = 0
        while let chunk = try chunker.next() {
            chunks += 1
            CSVLine.forEachLine(in: chunk) { line, number in seen.append((number, String(decoding: line, as: UTF8.self))) }
        }
        #expect(chunks > 10)
        #expect(seen.map(\.0) == Array(2...501))
        #expect(seen.map(\.1) == rows)
    }

    @Test(arguments: [false, true])
    func refusesAnEmptyFileAndAMonstrousLine(mapped: Bool) throws {
        let (empty, first) = try chunker("", mapped: mapped)
        _ = first
        #expect(throws: IngestError.emptyFile(file: "file.csv")) { try empty.readHeader() }
        let (long, second) = try chunker("a\n" + String(repeating: "x", count: 3 * LineChunker.maximumLineLength) + "\n", chunkSize: 1 << 16, mapped: mapped)
        _ = second
        _ = try long.readHeader()
        #expect(throws: IngestError.lineTooLong(file: "file.csv", line: 2)) { while try long.next() != nil {} }
    }
}
