import CoreMetrics
import Foundation
import MLCCore
import MLCHTTP
import MLCState
import Prometheus

/// A run's figures through swift-metrics, kept in a Prometheus registry: records read, written, unchanged,
/// parked and replayed per entity, requests, 429s, retries and token grants per pipeline, run durations and
/// outcomes, the last success per pipeline and each entity's cursor lag; during the run the pipeline itself
/// records each batch's bytes and how long the sink took to write it. `mlc schedule` serves them on `/metrics`;
/// a one-shot run writes them to a node-exporter textfile or pushes them to a Pushgateway.
enum RunMetrics {
    static let registry = PrometheusCollectorRegistry()
    private static let bootstrap: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // The factory's default buckets stop at 10 s and at 10,000: a run takes minutes, a MERGE polled to its end
        // can take one, and a batch flushes at up to 4 MB by default.
        let seconds: [Duration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600].map {
            .milliseconds(Int64($0 * 1_000))
        }
        factory.durationHistogramBuckets = ["mlc_sink_write_seconds": seconds, "mlc_run_duration_seconds": seconds]
        factory.valueHistogramBuckets = [
            "mlc_batch_bytes": [16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216, 67_108_864]
        ]
        MetricsSystem.bootstrap(factory)
    }()

    /// Sends every metric, the pipeline's own during the run included, to the registry from now on.
    static func start() { _ = bootstrap }

    static func record(_ summary: RunSummary, pipeline: String, state: StateStore?) {
        start()
        for e in summary.entities where e.entity != "*" {
            let labels = [("pipeline", pipeline), ("entity", e.entity)]
            for (name, value) in [
                ("read", e.read), ("written", e.written), ("unchanged", e.unchanged), ("parked", e.parked),
                ("replayed", e.replayed),
            ] {
                Counter(label: "mlc_records_\(name)_total", dimensions: labels).increment(by: value)
            }
        }
        let statistics = Dictionary(summary.statistics, uniquingKeysWith: { a, _ in a })
        for (key, name) in [
            ("requests", "mlc_requests_total"), ("429s", "mlc_throttled_total"), ("retries", "mlc_retries_total"),
            ("token grants", "mlc_token_grants_total"),
        ] {
            if let n = statistics[key].flatMap({ Int($0) }) {
                Counter(label: name, dimensions: [("pipeline", pipeline)]).increment(by: n)
            }
        }
        Counter(label: "mlc_runs_total", dimensions: [("pipeline", pipeline), ("status", summary.status.rawValue)])
            .increment()
        Timer(label: "mlc_run_duration_seconds", dimensions: [("pipeline", pipeline)])
            .recordNanoseconds(Int64(summary.seconds * 1e9))
        let now = Date().timeIntervalSince1970
        if summary.status == .ok || summary.status == .partial {
            Gauge(label: "mlc_last_success_timestamp_seconds", dimensions: [("pipeline", pipeline)]).record(now)
        }
        // How far behind the source each entity's cursor is: what "fresh" means to the finance team.
        for cursor in (try? state?.cursors()) ?? [] {
            guard
                let at = ((try? JSONParser.parse(cursor.cursor))?["modifiedAt"]?.stringValue).flatMap(
                    Timestamp.init(parsing:))
            else { continue }
            Gauge(label: "mlc_cursor_lag_seconds", dimensions: [("pipeline", pipeline), ("entity", cursor.entity)])
                .record(now - Double(at.microseconds) / 1e6)
        }
    }

    /// PUT to a Pushgateway under `job/mlc/pipeline/NAME` (replacing the pipeline's previous push).
    static func push(to gateway: String, pipeline: String) async throws {
        // Pipeline names are letters, digits, '-', '_' and '.': safe in a URL path as they are.
        let url =
            gateway.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/metrics/job/mlc/pipeline/" + pipeline
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: "PUT", url: url, headers: [("Content-Type", "text/plain; version=0.0.4")],
                body: Array(text.utf8)))
        guard (200..<300).contains(response.status) else {
            throw MLCError(
                .http, "the Pushgateway answered HTTP \(response.status)",
                hint: "check --pushgateway (e.g. http://pushgateway:9091)", context: .init(httpStatus: response.status))
        }
    }

    static var text: String {
        _ = bootstrap
        return registry.emitToString()
    }

    /// The textfile node-exporter's collector reads: written beside and renamed, so it never reads half.
    static func write(to path: String) throws {
        let partial = path + ".partial"
        try Data(text.utf8).write(to: URL(fileURLWithPath: partial))
        guard rename(partial, path) == 0 else {
            throw MLCError(.configuration, "cannot write the metrics file \(path): \(String(cString: strerror(errno)))")
        }
    }
}
