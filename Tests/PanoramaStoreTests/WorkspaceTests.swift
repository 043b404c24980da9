import Foundation
import PanoramaModel
import PanoramaStore
import PanoramaTestSupport
import Testing

@Suite struct WorkspaceTests {
    @Test func createsConfigurationSecretAndDatabase() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("city")
        let workspace = try Workspace.create(
            at: url, configuration: WorkspaceConfiguration(utcOffset: UTCOffset(seconds: 3600), partitions: 8))
        #expect(workspace.configuration.partitions == 8)
        #expect(workspace.configuration.utcOffset.seconds == 3600)
        let secret = try FileManager.default.attributesOfItem(atPath: url.appendingPathComponent("secret.key").path)
        #expect((secret[.posixPermissions] as? Int) == 0o600)
        #expect((secret[.size] as? Int) == 32)
        let reopened = try Workspace(opening: url)
        #expect(reopened.configuration == workspace.configuration)
        #expect(try reopened.status().subscribers == 0)
        #expect(!FileManager.default.fileExists(atPath: temporary.path(".city.init-\(getpid())").path))
    }

    @Test func refusesANonEmptyDirectory() throws {
        let temporary = try TemporaryDirectory()
        try Data("notes".utf8).write(to: temporary.path("notes.txt"))
        #expect(throws: WorkspaceError.alreadyExists(path: temporary.url.path)) {
            try Workspace.create(at: temporary.url)
        }
    }

    @Test func refusesWhatIsNotAWorkspace() throws {
        let temporary = try TemporaryDirectory()
        let missing = temporary.path("nowhere")
        #expect(throws: WorkspaceError.notAWorkspace(path: missing.path)) { try Workspace(opening: missing) }
        #expect(throws: WorkspaceError.notAWorkspace(path: temporary.url.path)) {
            try Workspace(opening: temporary.url)
        }
    }

    @Test func refusesANewerFormat() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("city")
        try Workspace.create(at: url)
        let configuration = url.appendingPathComponent("panorama.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: configuration)) as! [String: Any]
        json["formatVersion"] = PanoramaModel.workspaceFormatVersion + 1
        try JSONSerialization.data(withJSONObject: json).write(to: configuration)
        #expect(
            throws: WorkspaceError.newerFormat(
                path: url.path, found: PanoramaModel.workspaceFormatVersion + 1,
                supported: PanoramaModel.workspaceFormatVersion)
        ) { try Workspace(opening: url) }
    }

    @Test func refusesASecretOthersCanRead() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("city")
        try Workspace.create(at: url)
        let secret = url.appendingPathComponent("secret.key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret.path)
        #expect {
            try Workspace(opening: url)
        } throws: { error in
            guard case WorkspaceError.unreadableSecret(let path, let reason)? = error as? WorkspaceError else {
                return false
            }
            return path == secret.path && reason.contains("chmod 600")
        }
    }

    @Test func rejectsInvalidConfigurationValues() {
        #expect(throws: WorkspaceError.self) { try WorkspaceConfiguration(partitions: 0).validate() }
        #expect(throws: WorkspaceError.self) { try WorkspaceConfiguration(maxRejectedShare: 1.5).validate() }
        #expect(throws: WorkspaceError.self) { try WorkspaceConfiguration(radiationRadiusMeters: -1).validate() }
    }

    @Test func valueSettingsAreReadFromTheConfigurationAndChecked() throws {
        let temporary = try TemporaryDirectory()
        let url = temporary.path("city")
        try Workspace.create(at: url)
        #expect(try Workspace(opening: url).configuration.valueSettings == ValueSettings())
        let configuration = url.appendingPathComponent("panorama.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: configuration)) as! [String: Any]
        json["value"] = ["highShare": 0.1, "arpuBands": [50, 100]]
        try JSONSerialization.data(withJSONObject: json).write(to: configuration)
        #expect(try Workspace(opening: url).configuration.valueSettings == ValueSettings(highShare: 0.1, arpuBands: [50, 100]))
        json["value"] = ["highShare": 0.8, "generalShare": 0.5]
        try JSONSerialization.data(withJSONObject: json).write(to: configuration)
        #expect(
            throws: WorkspaceError.invalidConfiguration(
                "value.highShare and value.generalShare must be shares between 0 and 1 that add up to at most 1")
        ) { try Workspace(opening: url) }
    }
}
