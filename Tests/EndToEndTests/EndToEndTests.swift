import Foundation
import MLCCore
import MLCState
import MLCTestKit
import Synthetic
import XCTest

final class EndToEndTests: XCTestCase {
    var dir: String!

    override func setUp() {
        dir = NSTemporaryDirectory() + "mlc-e2e-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func manifest(
        _ name: String = "m.json", sizes: [String: Int], pageSize: Int = 200, batchRecords: Int = 1000,
        transforms: String = "[]", sink extra: String = ""
    ) throws -> String {
        let entities = sizes.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        let size = sizes.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        let text = """
            {"version": 1, "name": "e2e",
             "source": {"type": "synthetic", "seed": 42, "pageSize": \(pageSize), "size": {\(size)}, "entities": [\(entities)]},
             "transforms": \(transforms),
             "sink": {"type": "localwarehouse", "path": "warehouse.sqlite"\(extra)},
             "pipeline": {"batchRecords": \(batchRecords)}}
            """
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var warehouse: SQLiteDatabase { try! SQLiteDatabase(path: dir + "/warehouse.sqlite", journal: nil) }

    /// The warehouse holds exactly the generator's records: same keys, same raw objects, same typed values.
    func assertWarehouseEqualsTruth(
        _ entity: String, count: Int, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let generator = InvoiceGenerator(seed: 42)
        let schema = SyntheticConnector.catalog.first { $0.name == entity }!
        let columns = schema.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let rows = try warehouse.query("SELECT _mlc_key, _raw, \(columns) FROM \"\(entity)\" ORDER BY _mlc_key")
        XCTAssertEqual(rows.count, count, "row count of \(entity)", file: file, line: line)
        for (i, row) in rows.enumerated() {
            let truth = generator.record(entity, i)
            guard row[0] == .text(truth.key), row[1] == .text(truth.raw) else {
                return XCTFail("row \(i) of \(entity) differs: \(row[0]) vs \(truth.key)", file: file, line: line)
            }
            for (c, column) in schema.columns.enumerated() {
                let expected = truth.fields[column.name] ?? .null
                let stored = row[c + 2]
                let matches: Bool
                switch (expected, stored) {
                case (.null, .null): matches = true
                case (.bool(let b), .int(let v)): matches = (b ? 1 : 0) == v
                case (.int(let a), .int(let b)): matches = a == b
                case (.timestamp(let t), .text(let s)): matches = s == t.iso8601
                case (.string(let a), .text(let b)) where column.type == .date: matches = a.prefix(10) == b
                case (.string(let a), .text(let b)), (.decimal(let a), .text(let b)): matches = a == b
                default: matches = false
                }
                if !matches {
                    return XCTFail(
                        "\(entity) \(truth.key).\(column.name): \(stored) ≠ \(expected)", file: file, line: line)
                }
            }
        }
    }

    func testRunLoadsExactlyTheSourceAndASecondRunMovesNothing() throws {
        let m = try manifest(sizes: ["suppliers": 700, "ap_invoices": 1500, "gl_accounts": 90])
        let first = try MLCProcess.run(["run", m])
        XCTAssertEqual(first.status, 0, first.stderr + first.stdout)
        XCTAssertTrue(first.stdout.contains("total"), first.stdout)
        try assertWarehouseEqualsTruth("suppliers", count: 700)
        try assertWarehouseEqualsTruth("ap_invoices", count: 1500)
        try assertWarehouseEqualsTruth("gl_accounts", count: 90)
        XCTAssertEqual(try warehouse.query("SELECT count(*) FROM mlc_audit WHERE result = 'written'")[0][0], .int(2290))

        let second = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(second.status, 0)
        let summary = try JSONParser.parse(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(summary["status"], .string("ok"))
        XCTAssertEqual(summary["entities"]?.arrayValue?.compactMap { $0["read"]?.intValue }, [0, 0, 0])
        XCTAssertTrue(
            second.stderr.split(separator: "\n").allSatisfy { (try? JSONParser.parse(String($0))) != nil },
            "one JSON object per log line:\n\(second.stderr)")

        // Growing the source moves only the new rows.
        let grown = try manifest(sizes: ["suppliers": 900, "ap_invoices": 1500, "gl_accounts": 90])
        let third = try MLCProcess.run(["run", grown, "--log-format", "json"])
        XCTAssertEqual(
            try JSONParser.parse(third.stdout)["entities"]?.arrayValue?.compactMap { $0["written"]?.intValue },
            [0, 0, 200])
        try assertWarehouseEqualsTruth("suppliers", count: 900)
    }

    func testKillDashNineMidRunThenResumeLeavesNoGapsAndNoDuplicates() throws {
        let total = 60_000
        let m = try manifest(sizes: ["ap_invoices": total], pageSize: 250, batchRecords: 1000)
        let (process, _, _) = try MLCProcess.start(["run", m, "--log-format", "json"])
        // Wait until some batches are committed, then kill without warning.
        let deadline = Date().addingTimeInterval(60)
        var loaded: Int64 = 0
        while Date() < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: dir + "/warehouse.sqlite"),
                let n = try? warehouse.query("SELECT count(*) FROM \"ap_invoices\"").first?[0].int, n >= 5000
            {
                loaded = n
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(process.isRunning, "the run must still be going when it is killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        let afterKill = try warehouse.query("SELECT count(*) FROM \"ap_invoices\"")[0][0].int!
        XCTAssertGreaterThanOrEqual(afterKill, loaded)
        XCTAssertLessThan(afterKill, Int64(total), "killed mid-run")

        let resumed = try MLCProcess.run(["run", m])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        try assertWarehouseEqualsTruth("ap_invoices", count: total)
        // Each record written once, except at most the batch in flight when the kill landed (idempotent upsert).
        let repeats = try warehouse.query(
            "SELECT count(*) FROM (SELECT source_id FROM mlc_audit GROUP BY source_id HAVING count(*) > 1)")[0][0].int!
        XCTAssertLessThanOrEqual(repeats, 1000)
    }

    func testSinkLockedMidwayParksRecordsExitsThreeAndReplayCompletesIt() throws {
        let m = try manifest(sizes: ["suppliers": 1000], batchRecords: 400, sink: #", "busyTimeoutMs": 300"#)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)

        // Another process holds the warehouse's write lock while new records arrive.
        let grown = try manifest(sizes: ["suppliers": 2000], batchRecords: 400, sink: #", "busyTimeoutMs": 300"#)
        let holder = warehouse
        try holder.execute("BEGIN IMMEDIATE")
        let partial = try MLCProcess.run(["run", grown])
        XCTAssertEqual(partial.status, 3, partial.stdout + partial.stderr)
        XCTAssertTrue(partial.stdout.contains("400 record(s) parked for replay"), partial.stdout)
        XCTAssertTrue(partial.stdout.contains("locked by another process"), partial.stdout)
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", grown]).stdout)
        XCTAssertEqual(state["journal"]?.arrayValue?.first?["records"], .number("400"))

        // Still locked: replay cannot drain, nothing is lost, still partial.
        XCTAssertEqual(try MLCProcess.run(["replay", grown]).status, 3)
        try holder.execute("ROLLBACK")

        let replay = try MLCProcess.run(["replay", grown])
        XCTAssertEqual(replay.status, 0, replay.stdout)
        XCTAssertEqual(try warehouse.query("SELECT count(*) FROM suppliers")[0][0], .int(1400))
        let rest = try MLCProcess.run(["run", grown])
        XCTAssertEqual(rest.status, 0, rest.stdout)
        try assertWarehouseEqualsTruth("suppliers", count: 2000)
        XCTAssertEqual(
            try warehouse.query(
                "SELECT count(*) FROM (SELECT source_id FROM mlc_audit WHERE result = 'written' GROUP BY source_id HAVING count(*) > 1)"
            )[0][0],
            .int(0), "nothing doubled")
    }

    func testInvalidInputExitsTwoWithEveryProblem() throws {
        let bad = dir + "/bad.json"
        try
            #"{"version": 1, "name": "x", "source": {"type": "sap", "entities": ["a"]}, "sink": {"type": "localwarehouse"}, "transforms": [{"type": "hash", "fields": ["x"], "salt": "pepper"}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        for verb in ["validate", "run"] {
            let result = try MLCProcess.run([verb, bad])
            XCTAssertEqual(result.status, 2, verb)
            XCTAssertTrue(result.stderr.contains("3 problems"), result.stderr)
            XCTAssertTrue(result.stderr.contains("$.source.type: unknown source type \"sap\""), result.stderr)
            XCTAssertTrue(
                result.stderr.contains(
                    "registered source types: cloudsuite.fsm, cloudsuite.ln, cloudsuite.m3, cloudsuite.sxe, cloudsuite.syteline, synthetic"
                ),
                result.stderr)
            XCTAssertTrue(result.stderr.contains("$.sink.path"), result.stderr)
            XCTAssertTrue(result.stderr.contains("literal secret"), result.stderr)
            XCTAssertFalse(result.stderr.contains("pepper"), "a secret never appears in output")
        }
        try "{\"version\": 1,\n  \"name\": }".write(toFile: bad, atomically: true, encoding: .utf8)
        let malformed = try MLCProcess.run(["validate", bad])
        XCTAssertEqual(malformed.status, 2)
        XCTAssertTrue(malformed.stderr.contains("line 2, column 11"), malformed.stderr)
        XCTAssertEqual(try MLCProcess.run(["run", dir + "/missing.json"]).status, 2)
    }

    func testConnectorsSpecAndStateCommands() throws {
        let connectors = try MLCProcess.run(["connectors"])
        XCTAssertEqual(connectors.status, 0)
        for type in [
            "synthetic", "localwarehouse", "gl.segments", "hash", "mask", "rename", "drop", "cast", "constant",
            "derive",
        ] {
            XCTAssertTrue(connectors.stdout.contains(type), "\(type) missing from:\n\(connectors.stdout)")
        }
        let spec = try JSONParser.parse(try MLCProcess.run(["spec", "synthetic"]).stdout)
        XCTAssertEqual(
            spec["catalog"]?.arrayValue?.compactMap { $0["name"]?.stringValue },
            ["ap_invoices", "suppliers", "gl_accounts"])
        XCTAssertEqual(try MLCProcess.run(["spec", "nope"]).status, 2)

        let m = try manifest(
            sizes: ["gl_accounts": 50],
            transforms:
                #"[{"type": "gl.segments", "entity": "gl_accounts", "field": "account", "separator": "-", "names": ["company", "natural", "cost_center"]}]"#
        )
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
        let segments = try warehouse.query("SELECT account, company, natural, cost_center FROM gl_accounts LIMIT 1")[0]
        XCTAssertEqual(
            segments[0].text, [segments[1], segments[2], segments[3]].compactMap(\.text).joined(separator: "-"))
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        XCTAssertEqual(state["cursors"]?.arrayValue?.first?["cursor"]?["key"], .string("GL000000049"))
        XCTAssertEqual(try MLCProcess.run(["state", "reset", m, "--yes"]).status, 0)
        let again = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(
            try JSONParser.parse(again.stdout)["entities"]?.arrayValue?.first?["read"], .number("50"),
            "reset reads from the beginning")
    }
}

final class TemplateTests: XCTestCase {
    /// Every shipped template stays valid as connectors evolve.
    func testEveryTemplateValidates() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".json") }
        XCTAssertGreaterThanOrEqual(files.count, 3)
        for file in files {
            let result = try MLCProcess.run(["validate", templates.appendingPathComponent(file).path])
            XCTAssertEqual(result.status, 0, "\(file): \(result.stderr)")
        }
    }
}
