import Foundation
import PanoramaIngest
import PanoramaStore
import PanoramaTestSupport

/// A small, valid input directory written line by line, for tests that break one thing.
struct InputFixture {
    let directory: URL

    init(in temporary: TemporaryDirectory, name: String = "input") throws {
        directory = temporary.path(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    static let subscribers = ["13800000001", "13800000002", "13800000003"]

    func write(_ name: String, _ lines: [String]) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent(name))
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }

    /// Compresses a file written by `write` with the system's gzip, keeping only the `.gz`.
    func gzip(_ name: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-f", "-n", directory.appendingPathComponent(name).path]
        try process.run()
        process.waitUntilExit()
    }

    /// Regions, cells, products and three subscribers: the least a first ingest needs.
    func writeReference() throws {
        try write(
            "regions.csv",
            [
                "id,name,level,parent,latitude,longitude", "B1,Branch,branch,,,", "M1,Center,center,B1,,",
                "A1,Area,area,M1,,", "S1,Store,store,A1,23.13,113.26",
            ])
        try write(
            "cells.csv",
            ["id,site,latitude,longitude,store", "C1,SITE1,23.130,113.260,S1", "C2,SITE1,23.131,113.262,S1"])
        try write("products.csv", ["id,name,kind,monthly_price", "PLAN,Plan 58,plan,58", "FETION,Fetion,data_service,5"])
        try write(
            "subscribers.csv",
            ["subscriber,activation_date,plan,quota_mb,monthly_fee"]
                + Self.subscribers.map { "\($0),2024-01-01,PLAN,1024,58" })
    }

    /// `count` valid location rows, cycling through the subscribers and cells, one minute apart.
    static func locationRows(_ count: Int, day: Int = 2) -> [String] {
        (0..<count).map { index in
            let minute = index % 60
            let hour = index / 60 % 24
            return "\(subscribers[index % 3]),2026-11-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute):00+08:00,C\(index % 2 + 1)"
        }
    }

    func writeLocations(_ rows: [String], name: String = "locations.csv") throws {
        try write(name, ["subscriber,time,cell"] + rows)
    }
}

/// What must not change when an ingest fails.
struct WorkspaceSnapshot: Equatable {
    var status: WorkspaceStatus
    var files: [String: Int]

    init(_ workspace: Workspace) throws {
        status = try workspace.status()
        var files: [String: Int] = [:]
        let root = workspace.layout.records
        for case let path as String in FileManager.default.enumerator(atPath: root.path) ?? .init() {
            let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)
            if (attributes[.type] as? FileAttributeType) == .typeRegular { files[path] = attributes[.size] as? Int }
        }
        self.files = files
    }
}

/// A fresh workspace with the fixture's reference data already ingested.
func workspaceWithReference(_ temporary: TemporaryDirectory, partitions: Int = 4) throws -> Workspace {
    let workspace = try Workspace.create(
        at: temporary.path("workspace"), configuration: WorkspaceConfiguration(partitions: partitions))
    let reference = try InputFixture(in: temporary, name: "reference")
    try reference.writeReference()
    _ = try Ingest.run(workspace: workspace, input: reference.directory)
    return workspace
}

/// The rows of a rejects report, without its header.
func rejectReport(_ url: URL) throws -> [String] {
    Array(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init).dropFirst())
}
