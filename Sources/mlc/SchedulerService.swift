import Foundation
import MLCCore
import MLCHTTP
import MLCState
import ServiceLifecycle

/// `mlc schedule`: one loop per manifest inside a swift-service-lifecycle `ServiceGroup`. Each loop sleeps
/// until its next run time and runs the pipeline, one run at a time; a run missed while the service was down
/// (or one that did not finish) runs once at start, not once per missed slot. SIGTERM or SIGINT start a
/// graceful shutdown: sleeping loops stop, a running pipeline finishes its batch in flight, records the run
/// `interrupted` and revokes its token, and the service exits 0.
struct SchedulerService: Service {
    struct Job: @unchecked Sendable {
        let path: String
        let manifest: Manifest
        let schedule: Schedule
    }

    let jobs: [Job]
    let log: EventLog
    /// Whether `/metrics` is served: without it nobody reads the registry, and the metrics system stays off.
    let servesMetrics: Bool

    static func serve(
        _ jobs: [Job], logFormat: EventLog.Format, level: EventLog.Level?, metricsPort: UInt16?
    ) async throws -> Int32 {
        let log = EventLog(format: logFormat, level: level)
        var server: HTTPServer?
        if let metricsPort {
            RunMetrics.start()
            let names = jobs.map(\.manifest.name)
            server = HTTPServer(host: "0.0.0.0", port: metricsPort) { request in
                Self.endpoint(request, pipelines: names)
            }
            do { try server!.start() } catch {
                printError(
                    "cannot serve metrics on port \(metricsPort): \(error)\n  hint: choose another --metrics-port")
                return 2
            }
            log.info("schedule.metrics", [("port", String(server!.port)), ("paths", "/metrics /healthz")])
        }
        defer { server?.stop() }
        let service = SchedulerService(jobs: jobs, log: log, servesMetrics: metricsPort != nil)
        let group = ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint])
        try await group.run()
        return 0
    }

    /// `/metrics` in the Prometheus text format; `/healthz` 200 while the service runs.
    static func endpoint(_ request: ServerRequest, pipelines: [String]) -> HTTPResponse {
        switch request.path.prefix(while: { $0 != "?" }) {
        case "/metrics":
            return HTTPResponse(
                status: 200, headers: [("content-type", "text/plain; version=0.0.4")], body: Array(RunMetrics.text.utf8)
            )
        case "/healthz":
            let body = JSON.object([
                JSONMember("status", "ok"), JSONMember("pipelines", .array(pipelines.map(JSON.string))),
            ])
            return HTTPResponse(
                status: 200, headers: [("content-type", "application/json")], body: Array(body.serialized().utf8))
        default:
            return HTTPResponse(status: 404, body: Array("try /metrics or /healthz\n".utf8))
        }
    }

    func run() async throws {
        for job in jobs {
            let next = job.schedule.next(after: Date()).map { describe($0, in: job.schedule.timeZone) } ?? "never"
            log.info("schedule.start", [("pipeline", job.manifest.name), ("next", next)])
        }
        await withTaskGroup(of: Void.self) { group in
            for job in jobs { group.addTask { await loop(job) } }
        }
        log.info("schedule.stopped", [("detail", "graceful shutdown")])
    }

    func loop(_ job: Job) async {
        var due: Date? = missed(job) ? Date() : job.schedule.next(after: Date())
        while let at = due, !Task.isShuttingDownGracefully {
            let wait = at.timeIntervalSinceNow
            if wait > 0 {
                // Wake at least hourly: the wall clock may have moved (NTP, a suspended host) since the sleep began.
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(min(wait, 3600))) }
                } catch { return }
                if at.timeIntervalSinceNow > 0 { continue }
            }
            // A run refused because another holds the pipeline (a manual run, a holder whose heartbeat has not
            // yet gone stale) is tried again once that could have changed, not a whole schedule slot later.
            let busy = await runOnce(job)
            due = busy ? Date().addingTimeInterval(StateStore.staleHeartbeat) : job.schedule.next(after: Date())
        }
    }

    /// Whether the pipeline owes a run at start (`Schedule.owesRun`), from its state store's last run.
    func missed(_ job: Job) -> Bool {
        let last = (try? StateStore(path: job.manifest.statePath, pipeline: job.manifest.name))
            .flatMap { try? $0.runs(limit: 1).first }
        let started = last.flatMap { Timestamp(parsing: $0.startedAt) }.map {
            Date(timeIntervalSince1970: Double($0.microseconds) / 1e6)
        }
        return job.schedule.owesRun(
            lastStarted: started, lastFinished: ["ok", "partial"].contains(last?.status ?? ""), now: Date())
    }

    /// Runs the pipeline once; true when another run held it.
    @discardableResult
    func runOnce(_ job: Job) async -> Bool {
        log.info("schedule.run", [("pipeline", job.manifest.name), ("manifest", job.path)])
        let runtime: Runtime
        // Each pipeline's lines carry its own pipeline and run, however many run at once.
        do { runtime = try Runtime(manifest: job.manifest, log: log.scoped()) } catch {
            log.error("schedule.failed", [("pipeline", job.manifest.name), ("error", "\(error)")])
            return false
        }
        let interruption = Interruption()
        let summary = await withGracefulShutdownHandler {
            await runtime.pipeline(progress: nil, interruption: interruption).run(replayOnly: false)
        } onGracefulShutdown: {
            interruption.raise(SIGTERM)
        }
        await runtime.close()
        let next = job.schedule.next(after: Date()).map { describe($0, in: job.schedule.timeZone) } ?? "never"
        if summary.refusedAsBusy {
            // Another process (a manual `mlc run`) holds the pipeline: it is being refreshed already.
            log.warning(
                "schedule.busy",
                [
                    ("pipeline", job.manifest.name), ("error", summary.entities.first?.error?.message ?? ""),
                    ("next", next),
                ])
            return true
        }
        log.info(
            "schedule.ran",
            [("pipeline", job.manifest.name), ("status", summary.status.rawValue), ("next", next)])
        if servesMetrics { RunMetrics.record(summary, pipeline: job.manifest.name, state: runtime.state) }
        print(summary.table)
        return false
    }
}
