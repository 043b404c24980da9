import Foundation

/// One file of an input directory, recognised by its name.
struct InputFile: Sendable {
    var kind: InputKind
    var url: URL
    var name: String { url.lastPathComponent }
    var size: Int
}

/// The files an ingest will read, found in a directory by their names.
struct InputDirectory: Sendable {
    var files: [InputFile]
    /// Names of files that match no contract, reported so a misspelt name is noticed.
    var ignored: [String]

    init(at url: URL) throws(IngestError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .missingInput(path: url.path)
        }
        guard isDirectory.boolValue else { throw .inputIsAFile(path: url.path) }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() } catch {
            throw .unreadableFile(file: url.path, reason: error.localizedDescription)
        }
        var files: [InputFile] = []
        var ignored: [String] = []
        for name in names where !name.hasPrefix(".") {
            // Subdirectories, such as a demo city's truth/, are never read, so not worth a mention.
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory), isDirectory.boolValue {
                continue
            }
            let stem: String
            if name.hasSuffix(".csv.gz") {
                stem = String(name.dropLast(7))
            } else if name.hasSuffix(".csv") {
                stem = String(name.dropLast(4))
            } else {
                ignored.append(name)
                continue
            }
            guard let kind = InputKind.allCases.first(where: { $0.matches(stem: stem) }) else {
                ignored.append(name)
                continue
            }
            let fileURL = url.appendingPathComponent(name)
            let attributes = try? FileManager.default.attributesOfItem(atPath: fileURL.path)
            files.append(InputFile(kind: kind, url: fileURL, size: (attributes?[.size] as? Int) ?? 0))
        }
        for kind in InputKind.allCases where !kind.isRecordVolume {
            let same = files.filter { $0.kind == kind }
            if same.count > 1 { throw .conflictingFiles(kind: kind.rawValue, files: same.map(\.name)) }
        }
        // `gzip -k` leaves both forms of a file: for record files, both would load.
        let fileNames = Set(files.map(\.name))
        for file in files where file.kind.isRecordVolume && file.name.hasSuffix(".csv") {
            if fileNames.contains(file.name + ".gz") {
                throw .compressedAndPlain(plain: file.name, compressed: file.name + ".gz")
            }
        }
        guard !files.isEmpty else { throw .noInputFiles(path: url.path) }
        files.sort { lhs, rhs in
            let left = InputKind.allCases.firstIndex(of: lhs.kind)!
            let right = InputKind.allCases.firstIndex(of: rhs.kind)!
            return left != right ? left < right : lhs.name < rhs.name
        }
        self.files = files
        self.ignored = ignored
    }
}
