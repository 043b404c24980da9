import Foundation
import PanoramaModel
import PanoramaStore

/// Loads an input directory into a workspace, whole or not at all.
///
/// ```swift
/// let report = try Ingest.run(workspace: workspace, input: URL(fileURLWithPath: "data/2026-11-01"))
/// print(report.files.map(\.accepted))
/// ```
public enum Ingest {
    /// Settings of one ingest run.
    public struct Options: Sendable {
        /// Overrides the workspace's rejected-row threshold for this run.
        public var maxRejectedShare: Double?
        /// Threads parsing record files.
        public var workers: Int

        public init(maxRejectedShare: Double? = nil, workers: Int? = nil) {
            self.maxRejectedShare = maxRejectedShare
            self.workers = workers ?? ParallelWorkers.defaultCount
        }
    }

    /// What an ingest did.
    public struct Report: Sendable, Codable {
        public var ingestID: Int64
        public var files: [FileReport]
        /// Files in the input directory that match no contract.
        public var ignoredFiles: [String]
        /// Where the reports of rejected rows are, if any row was rejected.
        public var rejectsDirectory: String?
        public var seconds: Double
    }

    public static func run(
        workspace: Workspace, input: URL, options: Options = Options(),
        progress: any IngestProgress = SilentProgress()
    ) throws -> Report {
        let started = Date()
        let directory = try InputDirectory(at: input)
        let threshold = options.maxRejectedShare ?? workspace.configuration.maxRejectedShare
        return try workspace.update(input: input.path) { update in
            let context = try IngestContext(update: update)
            try checkFirstIngest(directory, context: context, update: update)
            if !directory.files.contains(where: { $0.kind == .channels }) {
                try update.ensureDefaultChannels()
                context.channels = try update.identifiers(of: .channel)
            }
            let externals = ExternalPartyRegistry(
                known: try update.externalParties(), pseudonymizer: update.pseudonymizer)
            let fingerprints = try checkRecordFilesAreNew(directory, update: update)
            var reports: [FileReport] = []
            for file in directory.files {
                progress.started(file: file.name, size: file.size)
                let fingerprint = try fingerprints[file.name] ?? FileFingerprint.of(file)
                let (report, rejects) =
                    file.kind.isRecordVolume
                    ? try RecordFileIngest.run(
                        file: file, context: context, externals: externals, workers: max(1, options.workers),
                        progress: progress)
                    : try TableFileIngest.run(file: file, context: context, progress: progress)
                try rejects.write(to: update.rejectsDirectory, file: file.name)
                progress.finished(report)
                if report.read > 0 && Double(report.rejected) / Double(report.read) > threshold {
                    throw IngestError.tooManyRejected(
                        file: file.name, rejected: report.rejected, read: report.read, threshold: threshold,
                        report: update.failedRejectsDirectory.appendingPathComponent(
                            RejectLog.reportName(for: file.name)
                        ).path)
                }
                try update.recordIngestedFile(
                    IngestedFile(
                        ingestID: update.ingestID, name: file.name, kind: file.kind.rawValue, rowsRead: report.read,
                        rowsAccepted: report.accepted, rowsRejected: report.rejected), fingerprint: fingerprint)
                reports.append(report)
            }
            try update.saveExternalParties(externals.added)
            let anyRejected = reports.contains { $0.rejected > 0 }
            return Report(
                ingestID: update.ingestID, files: reports, ignoredFiles: directory.ignored,
                rejectsDirectory: anyRejected ? workspace.layout.rejects.path : nil,
                seconds: Date().timeIntervalSince(started))
        }
    }

    /// Refuses record files loaded before, or present twice in this input, before any file
    /// is read: a mistake found after minutes of reference data would waste them.
    private static func checkRecordFilesAreNew(
        _ directory: InputDirectory, update: WorkspaceUpdate
    ) throws -> [String: String] {
        var fingerprints: [String: String] = [:]
        var seen: [String: String] = [:]
        for file in directory.files where file.kind.isRecordVolume {
            let fingerprint = try FileFingerprint.of(file)
            if let earlier = try update.previouslyIngested(fingerprint: fingerprint) {
                throw IngestError.alreadyIngested(file: file.name, ingest: earlier.ingestID, earlierName: earlier.name)
            }
            if let twin = seen[fingerprint] { throw IngestError.sameContentTwice(file: file.name, sameAs: twin) }
            seen[fingerprint] = file.name
            fingerprints[file.name] = fingerprint
        }
        return fingerprints
    }

    private static func checkFirstIngest(
        _ directory: InputDirectory, context: IngestContext, update: WorkspaceUpdate
    ) throws {
        let present = Set(directory.files.map(\.kind))
        let alreadyLoaded: [InputKind: Bool] = [
            .regions: !context.regionLevels.isEmpty, .cells: !context.cells.isEmpty,
            .products: !context.products.isEmpty, .subscribers: try update.subscriberCount() > 0,
        ]
        for kind in InputKind.allCases where kind.isRequiredOnFirstIngest {
            if !present.contains(kind) && alreadyLoaded[kind] != true {
                throw IngestError.missingRequiredFile(kind: kind.rawValue, expected: "\(kind.rawValue).csv")
            }
        }
    }
}
