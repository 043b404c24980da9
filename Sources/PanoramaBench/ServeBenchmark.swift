import Foundation
import PanoramaModel
import PanoramaStore

#if canImport(Glibc)
    import Glibc
#endif

/// Serves a workspace with `panorama serve` in a child process, as a user starts it, and
/// loads its pages with wrk: requests per second and latency percentiles at a number of
/// connections, the server's start-up time and its peak memory.
///
/// Customer pages rotate over a thousand customers spread over the whole workspace, so the
/// figure is not that of one page kept hot in the caches.
public struct ServeBenchmark: Sendable {
    public struct Page: Sendable {
        public var name: String
        public var paths: [String]
    }

    public struct Result: Sendable {
        public var page: String
        public var requestsPerSecond: Double
        /// Latency percentiles in milliseconds: 50, 90, 99.
        public var p50: Double
        public var p90: Double
        public var p99: Double
        /// Responses that were not 2xx or 3xx, and socket errors.
        public var errors: Int
    }

    public struct Report: Sendable {
        public var customers: Int
        public var loadSeconds: Double
        public var peakMemoryBytes: Int
        public var results: [Result]
    }

    public let workspace: URL
    public let executable: String
    public let port: Int
    public let connections: Int
    public let seconds: Int
    public let wrk: String

    public init(workspace: URL, executable: String, port: Int, connections: Int, seconds: Int) throws(ServeBenchmarkError) {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw .wrkMissing
        }
        self.workspace = workspace
        self.executable = executable
        self.port = port
        self.connections = connections
        self.seconds = seconds
        self.wrk = wrk
    }

    /// The workspace of a demo in `directory`, made with `panorama demo` (ingested, built and
    /// trained) unless an earlier run left it there.
    public static func demoWorkspace(
        in directory: URL, subscribers: Int, days: Int, executable: String, log: (String) -> Void
    ) throws -> URL {
        let workspace = directory.appendingPathComponent("workspace")
        if FileManager.default.fileExists(atPath: workspace.appendingPathComponent("risk/model.json").path) {
            log("Reusing the demo workspace \(workspace.path)")
            return workspace
        }
        log("Making a demo workspace of \(subscribers.grouped) subscribers and \(days) days in \(directory.path)…")
        let made = try ChildProcess.run(
            executable, ["demo", "--directory", directory.path, "--subscribers", String(subscribers), "--days", String(days), "--no-serve"])
        guard made.exitStatus == 0 else {
            throw ServeBenchmarkError.demoFailed(made.standardError.split(separator: "\n").last.map(String.init) ?? "")
        }
        log(String(format: "  made in %.0f s (peak memory %.0f MiB)", made.seconds, Double(made.peakMemoryBytes) / 1_048_576))
        return workspace
    }

    /// The pages to load: customers spread over the workspace, the first area and its first store.
    public func pages() throws -> [Page] {
        let opened = try Workspace(opening: workspace)
        let keys = try opened.allSubscriberKeys()
        guard !keys.isEmpty else { throw ServeBenchmarkError.empty(workspace.path) }
        let step = max(1, keys.count / 1_000)
        let customers = stride(from: 0, to: keys.count, by: step).prefix(1_000).map { "/customers/" + keys[$0].pseudonym }
        var pages = [Page(name: "customer page (1,000 customers)", paths: customers)]
        let regions = try opened.referenceData().regions
        if let store = regions.filter({ $0.level == .store }).min(by: { $0.id < $1.id }), let path = Region.paths(of: regions)[store.id] {
            if let slash = path.lastIndex(of: "/") { pages.append(Page(name: "area page", paths: ["/territory/" + path[..<slash]])) }
            pages.append(Page(name: "store page", paths: ["/territory/" + path]))
        }
        return pages
    }

    public func run(log: (String) -> Void) throws -> Report {
        let pages = try pages()
        guard !Self.accepts(port: port) else { throw ServeBenchmarkError.portInUse(port) }
        let server = try BackgroundProcess(executable, ["serve", workspace.path, "--port", String(port)])
        defer { server.stop() }
        let started = Date()
        var announced = ""
        // The server announces itself before its socket listens: wait for both.
        while !announced.contains("Serving ") || !Self.accepts(port: port) {
            guard server.isRunning else { throw ServeBenchmarkError.serverFailed(server.output()) }
            guard Date().timeIntervalSince(started) < Self.startupLimit else {
                throw ServeBenchmarkError.serverFailed("it did not serve within \(Int(Self.startupLimit / 60)) minutes")
            }
            Thread.sleep(forTimeInterval: 0.05)
            announced = server.output()
        }
        let loadSeconds = Date().timeIntervalSince(started)
        let customers = Self.customers(in: announced)
        log(String(format: "Server loaded %@ customers in %.1f s, peak memory %.0f MiB", customers.grouped, loadSeconds,
            Double(server.peakMemoryBytes()) / 1_048_576))
        var results: [Result] = []
        for page in pages {
            let result = try load(page)
            results.append(result)
            log(Self.describe(result))
        }
        return Report(customers: customers, loadSeconds: loadSeconds, peakMemoryBytes: server.peakMemoryBytes(), results: results)
    }

    /// Start-up takes about 100 s for a million subscribers on two cores; past this, it hangs.
    static let startupLimit: TimeInterval = 1_800

    /// Whether something accepts connections on the loopback at `port`.
    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Runs wrk on one page for `seconds`, its paths taken in turn by a small Lua script.
    func load(_ page: Page) throws -> Result {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-bench-serve-\(getpid()).lua")
        defer { try? FileManager.default.removeItem(at: script) }
        let list = page.paths.map { Self.luaString($0) }.joined(separator: ",\n")
        let lua = """
            local paths = {
            \(list)
            }
            local next = 0
            request = function()
              next = next % #paths + 1
              return wrk.format("GET", paths[next])
            end
            """
        try lua.write(to: script, atomically: true, encoding: .utf8)
        let run = try ChildProcess.run(
            wrk, ["-t\(min(2, connections))", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script.path, "http://127.0.0.1:\(port)"])
        guard run.exitStatus == 0, let result = Self.parse(run.standardOutput, page: page.name) else {
            throw ServeBenchmarkError.wrkFailed(run.standardError + run.standardOutput)
        }
        return result
    }

    /// Reads wrk's `--latency` report.
    static func parse(_ output: String, page: String) -> Result? {
        var percentiles: [String: Double] = [:]
        var requests: Double?
        var errors = 0
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count == 2, ["50%", "90%", "99%"].contains(String(fields[0])) {
                percentiles[String(fields[0])] = milliseconds(String(fields[1]))
            } else if fields.first == "Requests/sec:", fields.count == 2 {
                requests = Double(fields[1])
            } else if line.contains("Non-2xx or 3xx responses:"), let count = fields.last.flatMap({ Int($0) }) {
                errors += count
            } else if fields.first == "Socket", fields.count > 2 {
                for (index, field) in fields.enumerated() where index > 2 && index % 2 == 1 {
                    errors += Int(field.trimmingCharacters(in: CharacterSet(charactersIn: ","))) ?? 0
                }
            }
        }
        guard let requests, let p50 = percentiles["50%"] ?? nil, let p90 = percentiles["90%"] ?? nil, let p99 = percentiles["99%"] ?? nil
        else { return nil }
        return Result(page: page, requestsPerSecond: requests, p50: p50, p90: p90, p99: p99, errors: errors)
    }

    /// A path as a Lua string literal.
    static func luaString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// wrk's durations (`870.00us`, `3.90ms`, `1.20s`, `1.50m`) in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1_000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }

    /// The customer count of the server's "Serving N customers at …" line.
    static func customers(in announcement: String) -> Int {
        guard let range = announcement.range(of: "Serving ") else { return 0 }
        let digits = announcement[range.upperBound...].prefix { $0.isNumber || $0 == "," }
        return Int(digits.filter(\.isNumber)) ?? 0
    }

    static func describe(_ result: Result) -> String {
        let errors = result.errors > 0 ? ", \(result.errors.grouped) errors" : ""
        return "  \(result.page): \(Int(result.requestsPerSecond.rounded()).grouped) requests/s, p50 \(String(format: "%.2f", result.p50)) ms, "
            + "p90 \(String(format: "%.2f", result.p90)) ms, p99 \(String(format: "%.2f", result.p99)) ms\(errors)"
    }
}

public enum ServeBenchmarkError: UserFacingError {
    case wrkMissing
    case empty(String)
    case serverFailed(String)
    case wrkFailed(String)
    case demoFailed(String)
    case portInUse(Int)

    public var userMessage: String {
        switch self {
        case .wrkMissing: "wrk is not installed; install it with `apt-get install wrk` and run the benchmark again."
        case .empty(let path): "The workspace \(path) has no customers to look at; ingest data or let the benchmark make a demo city."
        case .serverFailed(let output): "panorama serve stopped before serving: \(output.split(separator: "\n").last ?? "no output")"
        case .wrkFailed(let output): "wrk failed: \(output.split(separator: "\n").prefix(3).joined(separator: " "))"
        case .demoFailed(let reason): "panorama demo failed while making the benchmark's workspace: \(reason)"
        case .portInUse(let port): "Something already listens on port \(port); pass another with --port."
        }
    }
}

/// A child process left running while the benchmark loads it, its output kept in a file.
final class BackgroundProcess {
    let pid: pid_t
    let outputFile: URL
    private var exited = false

    init(_ executable: String, _ arguments: [String]) throws {
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("panorama-bench-serve-\(getpid()).out")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable)"])
        }
        self.pid = pid
    }

    var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    func output() -> String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// The peak resident memory so far (`VmHWM`), in bytes.
    func peakMemoryBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Asks the server to stop, and kills it if it has not within ten seconds.
    func stop() {
        if isRunning {
            kill(pid, SIGTERM)
            let asked = Date()
            while isRunning && Date().timeIntervalSince(asked) < 10 { Thread.sleep(forTimeInterval: 0.05) }
            if isRunning {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            }
        }
        try? FileManager.default.removeItem(at: outputFile)
    }
}
