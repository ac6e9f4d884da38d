import Foundation
import MLCCore
import MLCHTTP
import MLCState
import MLCTestKit
import XCTest

/// The operator's verbs: `resync` repairs a table a wrong `cast` gave the wrong type, `state reset` of every
/// entity asks first, `state show` and `runs` need no credentials, `run --entity` runs one entity.
final class OperatorVerbTests: XCTestCase {
    var dir: String!

    override func setUp() {
        dir = NSTemporaryDirectory() + "mlc-verbs-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func manifest(transforms: String = "[]") throws -> String {
        let text = """
            {"version": 1, "name": "verbs",
             "source": {"type": "synthetic", "seed": 7, "size": {"ap_invoices": 400, "suppliers": 50},
                        "entities": ["ap_invoices", "suppliers"]},
             "transforms": \(transforms),
             "sink": {"type": "localwarehouse", "path": "warehouse.sqlite"}}
            """
        let path = dir + "/m.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var warehouse: SQLiteDatabase { try! SQLiteDatabase(path: dir + "/warehouse.sqlite", journal: nil) }

    func testResyncRepairsATableAWrongCastGaveTheWrongType() throws {
        let cast = #"[{"type": "cast", "entity": "ap_invoices", "field": "amount", "to": "string"}]"#
        XCTAssertEqual(try MLCProcess.run(["run", try manifest(transforms: cast)]).status, 0)
        let m = try manifest()
        let broken = try MLCProcess.run(["run", m])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stdout.contains("mlc resync MANIFEST --entity ap_invoices"), broken.stdout)

        let dry = try MLCProcess.run(["resync", m, "--entity", "ap_invoices", "--dry-run"])
        XCTAssertEqual(dry.status, 0)
        XCTAssertTrue(dry.stdout.contains("ap_invoices: drop its table and column catalog"), dry.stdout)
        let unasked = try MLCProcess.run(["resync", m, "--entity", "ap_invoices"])
        XCTAssertEqual(unasked.status, 2, "without a terminal to ask on, --yes is needed")
        XCTAssertTrue(unasked.stderr.contains("add --yes"), unasked.stderr)
        XCTAssertEqual(
            try warehouse.query("SELECT type FROM mlc_columns WHERE entity = 'ap_invoices' AND name = 'amount'")[0][0]
                .text, "string")

        let repaired = try MLCProcess.run(["resync", m, "--entity", "ap_invoices", "--yes"])
        XCTAssertEqual(repaired.status, 0, repaired.stdout + repaired.stderr)
        XCTAssertEqual(
            try warehouse.query("SELECT type FROM mlc_columns WHERE entity = 'ap_invoices' AND name = 'amount'")[0][0]
                .text, "decimal")
        XCTAssertEqual(try warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 400)
        // Only the resynced entity was dropped: the suppliers are the first run's.
        XCTAssertEqual(try warehouse.query("SELECT count(*) FROM suppliers")[0][0].int, 50)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0, "the next run loads into the repaired table")
    }

    func testResettingEveryEntityAsksAndOneEntityRunsAlone() throws {
        let m = try manifest()
        let one = try MLCProcess.run(["run", m, "--entity", "suppliers", "--log-format", "json"])
        XCTAssertEqual(one.status, 0, one.stdout + one.stderr)
        let entities = try JSONParser.parse(one.stdout)["entities"]?.arrayValue?.compactMap {
            $0["entity"]?.stringValue
        }
        XCTAssertEqual(entities, ["suppliers"])
        let unknown = try MLCProcess.run(["run", m, "--entity", "vendors"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains(#"entity "vendors" is not in"#), unknown.stderr)

        let refused = try MLCProcess.run(["state", "reset", m])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("add --yes, or reset one with --entity E"), refused.stderr)
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        XCTAssertEqual(state["cursors"]?.arrayValue?.count, 1, "nothing was reset")
        XCTAssertEqual(try MLCProcess.run(["state", "reset", m, "--yes"]).status, 0)
        XCTAssertEqual(try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)["cursors"], .array([]))
    }

    func testStateAndRunsNeedNoCredentials() throws {
        let m = try manifest()
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
        // The same pipeline, now naming a credential this machine cannot read: what reads the state still works.
        let text = try String(contentsOfFile: m, encoding: .utf8).replacingOccurrences(
            of: #""transforms": []"#,
            with:
                #""transforms": [{"type": "hash", "entity": "suppliers", "fields": ["name"], "salt": {"env": "MLC_NO_SUCH_VARIABLE"}}]"#
        )
        try text.write(toFile: m, atomically: true, encoding: .utf8)
        XCTAssertNotEqual(try MLCProcess.run(["run", m]).status, 0, "a run needs the secret")
        let show = try MLCProcess.run(["state", "show", m, "--format", "table"])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("pipeline verbs") && show.stdout.contains("ap_invoices"), show.stdout)
        let runs = try MLCProcess.run(["runs", m])
        XCTAssertEqual(runs.status, 0, runs.stderr)
        let statuses = try JSONParser.parse(runs.stdout).arrayValue?.compactMap { $0["status"]?.stringValue }
        // The run refused for its secret never began: one run, the first.
        XCTAssertEqual(statuses, ["ok"])
        let listed = try MLCProcess.run(["runs", m, "--format", "table"])
        XCTAssertTrue(listed.stdout.contains("written") && listed.stdout.contains("450"), listed.stdout)

        // A plan needs no secret either, reads where each entity resumes, and never opens the warehouse: one the
        // manifest names that does not exist yet stays absent.
        try text.replacingOccurrences(of: "warehouse.sqlite", with: "planned.sqlite").write(
            toFile: m, atomically: true, encoding: .utf8)
        let plan = try MLCProcess.run(["plan", m, "--format", "json"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let entities = try JSONParser.parse(plan.stdout).arrayValue ?? []
        XCTAssertEqual(entities.compactMap { $0["entity"]?.stringValue }, ["ap_invoices", "suppliers"])
        XCTAssertNotNil(entities.first?["cursor"]?.objectValue, "the first run's cursor: " + plan.stdout)
        XCTAssertTrue(
            entities.first?["statements"]?.arrayValue?.first?.stringValue?.hasPrefix(
                #"CREATE TABLE IF NOT EXISTS "ap_invoices""#) ?? false, plan.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/planned.sqlite"))
    }

    func testARunWritesItsMetricsToATextfileAndPushesThemToAPushgateway() throws {
        let m = try manifest()
        let file = dir + "/mlc.prom"
        final class Pushed: @unchecked Sendable {
            let lock = NSLock()
            var requests: [(String, String, String)] = []
        }
        let pushed = Pushed()
        let gateway = HTTPServer { request in
            pushed.lock.withLock {
                pushed.requests.append((request.method, request.path, String(decoding: request.body, as: UTF8.self)))
            }
            return HTTPResponse(status: 200)
        }
        try gateway.start()
        defer { gateway.stop() }
        let run = try MLCProcess.run(
            ["run", m, "--metrics-file", file, "--pushgateway", "http://127.0.0.1:\(gateway.port)/"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        for line in [
            #"mlc_records_written_total{pipeline="verbs",entity="ap_invoices"} 400"#,
            #"mlc_records_read_total{pipeline="verbs",entity="suppliers"} 50"#,
            #"mlc_runs_total{pipeline="verbs",status="ok"} 1"#, "# TYPE mlc_last_success_timestamp_seconds gauge",
            #"mlc_run_duration_seconds_count{pipeline="verbs"} 1"#,
        ] {
            XCTAssertTrue(text.contains(line), line + "\n" + text)
        }
        // What the pipeline records while it runs: each batch's bytes and how long the sink took to write it.
        for name in ["mlc_sink_write_seconds", "mlc_batch_bytes"] {
            let count = text.split(separator: "\n").first {
                $0.hasPrefix(name + #"_count{pipeline="verbs",entity="ap_invoices"}"#)
            }
            XCTAssertGreaterThanOrEqual(Int(count?.split(separator: " ").last ?? "") ?? 0, 1, name + "\n" + text)
        }
        // The byte buckets fit a batch: the smallest bucket holding every batch is a finite one (the factory's
        // defaults stop at 10,000, and every batch fell in +Inf).
        let lines = text.split(separator: "\n")
        let batches = lines.first { $0.hasPrefix(#"mlc_batch_bytes_count{pipeline="verbs",entity="ap_invoices"}"#) }?
            .split(separator: " ").last
        let holdingAll = lines.first {
            $0.hasPrefix(#"mlc_batch_bytes_bucket{pipeline="verbs",entity="ap_invoices""#)
                && $0.split(separator: " ").last == batches
        }
        XCTAssertFalse(holdingAll?.contains("+Inf") ?? true, text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file + ".partial"))
        let put = try XCTUnwrap(pushed.lock.withLock { pushed.requests.first })
        XCTAssertEqual(put.0, "PUT")
        XCTAssertEqual(put.1, "/metrics/job/mlc/pipeline/verbs")
        XCTAssertTrue(put.2.contains(#"mlc_records_written_total{pipeline="verbs",entity="ap_invoices"} 400"#), put.2)
    }
}
