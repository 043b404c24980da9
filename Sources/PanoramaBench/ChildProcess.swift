import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The outcome of a command run in a child process, with its own resource usage.
public struct ChildRun: Sendable {
    public var exitStatus: Int32
    public var seconds: Double
    /// Peak resident memory of the child alone, in bytes.
    public var peakMemoryBytes: Int
    public var standardOutput: String
    /// What the child wrote on standard error: progress lines, and the reason of a failure.
    public var standardError: String
}

/// Runs a program and waits for it with `wait4`, which reports the peak memory of that
/// child alone (`getrusage(RUSAGE_CHILDREN)` would mix all children together).
enum ChildProcess {
    static func run(_ executable: String, _ arguments: [String]) throws -> ChildRun {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "panorama-bench-\(getpid())-\(UInt32.random(in: 0 ... .max)).out")
        let errors = output.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = Date()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable)"])
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Date().timeIntervalSince(started)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let exited = (status & 0x7F) == 0
        return ChildRun(
            exitStatus: exited ? (status >> 8) & 0xFF : -1, seconds: seconds,
            peakMemoryBytes: Int(usage.ru_maxrss) * 1024, standardOutput: text,
            standardError: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }
}
