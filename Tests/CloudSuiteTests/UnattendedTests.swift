import Foundation
import MLCCore
import MLCHTTP
import MLCState
import MLCTestKit
import XCTest

@testable import CloudSuiteSyteLine

/// Running unattended: one run per pipeline at a time (two real processes), a stale lease taken over, the
/// schedule's next times and its cron and Kubernetes forms, `--due`, and `mlc schedule` running a missed run at
/// start and stopping cleanly on SIGTERM, resumed exactly by its next start.
final class UnattendedTests: XCTestCase {
    func runs(_ m: String) throws -> [JSON] {
        try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)["runs"]?.arrayValue ?? []
    }

    /// Starts a slow run and waits until it has made a few requests.
    func startSlow(_ h: SandboxHarness, _ arguments: [String]) throws -> (Process, Pipe) {
        let before = try h.stats()["apiRequests"]?.intValue ?? 0
        let (process, out, _) = try MLCProcess.start(arguments)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline, (try h.stats()["apiRequests"]?.intValue ?? 0) < before + 8 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(process.isRunning, "still running")
        return (process, out)
    }

    func withSchedule(_ m: String, _ schedule: String) throws {
        var text = try String(contentsOfFile: m, encoding: .utf8)
        text = text.replacingOccurrences(of: #""name": "cs""#, with: #""name": "cs", "schedule": \#(schedule)"#)
        try text.write(toFile: m, atomically: true, encoding: .utf8)
    }

    func testASecondRunIsRefusedWhileOneRunsAndWaitsWithWait() throws {
        let h = try SandboxHarness { $0.sizes["ap_invoices"] = 3000 }
        let m = try h.manifest(#"["ap_invoices"]"#, source: ["rateLimit": ["requestsPerMinute": 900]])
        let (first, _) = try startSlow(h, ["run", m])
        let second = try MLCProcess.run(["run", m])
        XCTAssertEqual(second.status, 2, second.stdout + second.stderr)
        XCTAssertTrue(second.stdout.contains("pipeline cs is already running"), second.stdout)
        XCTAssertTrue(second.stdout.contains("mlc run --wait"), second.stdout)
        let waited = try MLCProcess.run(["run", m, "--wait"])
        XCTAssertFalse(first.isRunning, "--wait returned only after the first run ended")
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(waited.status, 0, waited.stdout + waited.stderr)
        XCTAssertTrue(waited.stderr.contains("waiting: pipeline cs is already running"), waited.stderr)
        // The refused run left nothing behind: two runs, both ok.
        XCTAssertEqual(try runs(m).compactMap { $0["status"]?.stringValue }, ["ok", "ok"])
    }

    func testALeaseWhoseHolderStoppedBeatingIsTakenOver() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["suppliers"]"#)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
        let state = try StateStore(path: h.dir + "/.mlc/cs.state.sqlite", pipeline: "cs")
        func holder(heartbeatAgo seconds: Double) throws {
            let beat = Timestamp.now().adding(seconds: -seconds).iso8601
            try state.db.run(
                "INSERT INTO runs (run_id, pipeline, started_at, status, pid, host, heartbeat) VALUES (?, 'cs', ?, 'running', 1, 'other-host', ?)",
                [.text("other-\(Int(seconds))"), .text(beat), .text(beat)])
        }
        // A run on another host that beat 10 s ago holds the lease ...
        try holder(heartbeatAgo: 10)
        let refused = try MLCProcess.run(["run", m])
        XCTAssertEqual(refused.status, 2, refused.stdout)
        XCTAssertTrue(refused.stdout.contains("on other-host"), refused.stdout)
        // ... one silent for five minutes is gone: its run is abandoned and the lease taken over.
        try state.db.run("DELETE FROM runs WHERE run_id = 'other-10'")
        try holder(heartbeatAgo: 300)
        let taken = try MLCProcess.run(["run", m])
        XCTAssertEqual(taken.status, 0, taken.stdout + taken.stderr)
        XCTAssertEqual(
            try state.db.query("SELECT status FROM runs WHERE run_id = 'other-300'").first?[0].text, "abandoned")
    }

    func testNextCrontabKubernetesAndDue() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["suppliers"]"#)
        let none = try MLCProcess.run(["next", m])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("the manifest has no \"schedule\""), none.stderr)
        try withSchedule(
            m,
            #"{"monthEndClose": {"lastBusinessDays": 2, "firstBusinessDays": 3, "at": "07:00"}, "timeZone": "Europe/Berlin"}"#
        )
        let next = try MLCProcess.run(["next", m])
        XCTAssertEqual(next.status, 0, next.stderr)
        let lines = next.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 10)
        XCTAssertTrue(lines.allSatisfy { $0.contains(" 07:00 ") && $0.contains("Europe/Berlin") }, next.stdout)
        XCTAssertFalse(lines.contains { $0.contains(" Sat ") || $0.contains(" Sun ") }, next.stdout)

        let crontab = try MLCProcess.run(["schedule", m, "--print-crontab"])
        XCTAssertTrue(crontab.stdout.contains("CRON_TZ=Europe/Berlin"), crontab.stdout)
        XCTAssertTrue(crontab.stdout.contains("0 7 1-8,21-31 * 1-5 flock -n /tmp/mlc-cs.lock mlc run "), crontab.stdout)
        XCTAssertTrue(crontab.stdout.contains(" --due"), crontab.stdout)
        let kubernetes = try MLCProcess.run(["schedule", m, "--print-kubernetes"])
        for text in ["kind: CronJob", "concurrencyPolicy: Forbid", #"timeZone: "Europe/Berlin""#, #""--due""#] {
            XCTAssertTrue(kubernetes.stdout.contains(text), text + ": " + kubernetes.stdout)
        }
        // --due runs only within an hour after a run time (a month-end 07:00 in Berlin is rarely now).
        let slot = try XCTUnwrap(next.stdout.split(separator: "\n").first)
        let due = try MLCProcess.run(["run", m, "--due"])
        XCTAssertEqual(due.status, 0, due.stdout + due.stderr)
        if due.stdout.contains("not due") {
            XCTAssertTrue(due.stdout.contains("not due: the schedule's next run time is \(slot)"), due.stdout)
            XCTAssertEqual(try runs(m).count, 0)
        } else {
            XCTAssertEqual(try runs(m).first?["status"], .string("ok"))
        }
    }

    func testScheduleRunsAMissedRunAtStartAndStopsCleanlyOnSigterm() throws {
        let h = try SandboxHarness { $0.sizes["ap_invoices"] = 3000 }
        let m = try h.manifest(#"["ap_invoices"]"#, source: ["rateLimit": ["requestsPerMinute": 900]])
        // Once a year: only a missed (here: never made) run can start it now.
        try withSchedule(m, #"{"cron": "0 3 1 1 *", "timeZone": "UTC"}"#)
        let (service, _) = try startSlow(h, ["schedule", m, "--log-format", "json", "--metrics-port=-1"])
        XCTAssertEqual(try runs(m).first?["status"], .string("running"))
        kill(service.processIdentifier, SIGTERM)
        service.waitUntilExit()
        XCTAssertEqual(service.terminationStatus, 0, "a graceful shutdown is a clean exit")
        XCTAssertEqual(try runs(m).first?["status"], .string("interrupted"))
        XCTAssertGreaterThanOrEqual(try h.stats()["revocations"]?.intValue ?? 0, 1, "the token was revoked")
        let loaded = try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int ?? 0
        XCTAssertTrue(loaded > 0 && loaded < 3000, "stopped part-way: \(loaded)")

        // The next start finds the interrupted run and runs again at once; then it waits for January, serving
        // its metrics on a port of its choosing, which it logs.
        let (resumed, _, events) = try MLCProcess.start(["schedule", m, "--log-format", "json", "--metrics-port", "0"])
        let lines = EventReader(events)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, try runs(m).first?["status"]?.stringValue != "ok" {
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertTrue(resumed.isRunning, "the service waits for its next run time")
        let port = try XCTUnwrap(lines.port, lines.text)
        let metrics = try get("http://127.0.0.1:\(port)/metrics")
        XCTAssertTrue(metrics.contains(#"mlc_runs_total{pipeline="cs",status="ok"} 1"#), metrics)
        XCTAssertTrue(metrics.contains(#"mlc_records_written_total{pipeline="cs",entity="ap_invoices"}"#), metrics)
        XCTAssertTrue(metrics.contains(#"mlc_cursor_lag_seconds{pipeline="cs",entity="ap_invoices"}"#), metrics)
        XCTAssertTrue(metrics.contains(#"mlc_requests_total{pipeline="cs"}"#), metrics)
        XCTAssertTrue(metrics.contains(#"mlc_token_grants_total{pipeline="cs"}"#), metrics)
        XCTAssertTrue(try get("http://127.0.0.1:\(port)/healthz").contains(#""status":"ok""#))
        kill(resumed.processIdentifier, SIGTERM)
        resumed.waitUntilExit()
        XCTAssertEqual(resumed.terminationStatus, 0)
        let log = lines.finish()
        XCTAssertTrue(log.contains(#""event":"schedule.ran""#) && log.contains("-01-01 03:00"), log)
        XCTAssertEqual(try runs(m).compactMap { $0["status"]?.stringValue }, ["ok", "interrupted"])
        try h.assertWarehouseEqualsTruth(
            entity: "ap_invoices", ido: "SLAptrxps", key: ["Voucher"], types: SyteLineCatalog.entities[1].types)
    }
}

/// A child's event lines, read as they come (a pipe read only at exit would fill and stall the child).
final class EventReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                lock.withLock { data.append(chunk) }
            }
            done.signal()
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    /// The port of the `schedule.metrics` event, once it came.
    var port: Int? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            for line in text.split(separator: "\n") where line.contains(#""event":"schedule.metrics""#) {
                if let json = try? JSONParser.parse(String(line)),
                    let port = json["port"]?.intValue
                {
                    return port
                }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Everything, after the child closed its end.
    func finish() -> String {
        done.wait()
        return text
    }
}

/// GET over a real socket with the project's own client.
func get(_ url: String) throws -> String {
    final class Box: @unchecked Sendable { var result: Result<String, Error>? }
    let box = Box()
    let finished = DispatchSemaphore(value: 0)
    Task {
        do {
            let response = try await HTTPClient().send(HTTPRequest(url: url))
            box.result = .success(String(decoding: response.body, as: UTF8.self))
        } catch { box.result = .failure(error) }
        finished.signal()
    }
    finished.wait()
    return try box.result!.get()
}
