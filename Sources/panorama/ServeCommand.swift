import ArgumentParser
import Foundation
import PanoramaServe
import PanoramaStore
import Synchronization

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard: overview, customers, territory, stores and task lists, and the JSON API (/openapi.yaml).")

    @Argument(help: "The workspace.")
    var workspace: String

    @Option(parsing: .unconditional, help: "Port to listen on.")
    var port = 8080

    @Option(help: "Address to listen on (127.0.0.1 keeps the dashboard on this machine).")
    var host = "127.0.0.1"

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535.") }
    }

    func run() throws {
        let started = Date()
        let opened = try Workspace(opening: URL(fileURLWithPath: workspace))
        print("Loading \(opened.layout.root.path)…")
        let dashboard = try Dashboard(workspace: opened)
        for gap in dashboard.gaps { print("Note: " + gap) }
        print("Serving \(Format.count(dashboard.customers.count)) customers at http://\(host):\(port)/ (loaded in \(Format.seconds(Date().timeIntervalSince(started)))); Ctrl-C stops.")
        try Self.run(dashboard, host: host, port: port)
    }

    /// Serves `dashboard` until the process is told to stop.
    static func run(_ dashboard: Dashboard, host: String, port: Int) throws {
        let application = DashboardServer.application(dashboard, host: host, port: port)
        let finished = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await application.runService() } catch { failure.withLock { $0 = error } }
            finished.signal()
        }
        finished.wait()
        if let error = failure.withLock({ $0 }) { throw CommandFailure("The server stopped: \(error).") }
    }
}
