import CloudSuiteSandbox
import Foundation
import MLCCore
import MLCCrypto
import MLCHTTP
import MLCTestKit
import XCTest

@testable import Snowflake

/// The CloudSuite sandbox → mlc (the real binary) → the Snowflake test server, compared row by row, on each
/// Snowflake-dialect engine in turn.
final class SyteLineToSnowflakeTests: XCTestCase {
    var server: SnowflakeTestServer!
    var sandbox: CloudSuiteSandbox!

    /// Runs `body` once per engine, each time against a fresh engine, sandbox and FINANCE.RAW.
    func onEachEngine(
        sizes: [String: Int] = ["suppliers": 150, "ap_invoices": 600], _ body: () async throws -> Void
    ) async throws {
        for engine in SnowflakeTestServer.Engine.allCases {
            server = try await SnowflakeTestServer(engine: engine)
            var options = CloudSuiteSandbox.Options()
            options.sizes = sizes
            sandbox = try CloudSuiteSandbox(options: options)
            try sandbox.start()
            defer {
                sandbox.stop()
                server = nil
            }
            try sandbox.ionapi.serialized().write(
                toFile: server.dir + "/tenant.ionapi", atomically: true, encoding: .utf8)
            try await prepareDatabase()
            do { try await body() } catch { throw MLCError(.internalError, "on \(engine): \(error)") }
        }
    }

    /// Every failure names the engine it happened on.
    override func recordFailure(
        withDescription description: String, inFile filePath: String, atLine lineNumber: Int, expected: Bool
    ) {
        super.recordFailure(
            withDescription: "[\(server?.engine.rawValue ?? "-")] " + description, inFile: filePath, atLine: lineNumber,
            expected: expected)
    }

    func manifest(
        batchRecords: Int = 200, warehouse: String = "LOAD_WH", key: String = "enc.p8", mode: String = "merge",
        transforms: String = "[]", name: String = "m.json", entities: String = #"["suppliers", "ap_invoices"]"#,
        schema: String = "RAW", pipeline: String = "sf", source: String = #""columns": "native""#
    ) throws -> String {
        let text = """
            {"version": 1, "name": "\(pipeline)",
             "source": {"type": "cloudsuite.syteline", "credentials": {"file": "tenant.ionapi"}, "mongooseConfig": "\(sandbox.options.mongooseConfig)",
                        "rateLimit": {"requestsPerMinute": 60000}, "pageSize": 100, "lookback": 0, \(source),
                        "entities": \(entities)},
             "sink": {"type": "snowflake", "account": "acme", "user": "mlc_loader", "endpoint": "\(server.baseURL)",
                      "auth": {"type": "keypair", "privateKey": {"file": "\(key)"}, "passphrase": {"env": "MLC_TEST_KEY_PASS"}},
                      "database": "FINANCE", "schema": "\(schema)", "warehouse": "\(warehouse)", "role": "MLC_LOADER", "maxAttempts": 2, "mode": "\(mode)"},
             "transforms": \(transforms),
             "pipeline": {"batchRecords": \(batchRecords)}}
            """
        try text.write(toFile: server.dir + "/" + name, atomically: true, encoding: .utf8)
        return server.dir + "/" + name
    }

    let environment = ["MLC_TEST_KEY_PASS": SnowflakeTestServer.passphrase]

    func sql(schema: String = "RAW") throws -> SnowflakeSQLClient {
        let key = try RSAPrivateKey(pem: Array(FileManager.default.contents(atPath: server.keyPath)!))
        return SnowflakeSQLClient(
            baseURL: server.baseURL,
            auth: SnowflakeKeyPairAuth(account: try SnowflakeAccount("acme"), user: "mlc_loader", key: key),
            context: SnowflakeContext(database: "FINANCE", schema: schema, warehouse: nil, role: nil))
    }

    func truth(_ ido: String) async throws -> [JSON] {
        try JSONParser.parse(try await HTTPClient().send(HTTPRequest(url: sandbox.baseURL + "/admin/rows/\(ido)")).body)
            .arrayValue ?? []
    }

    func prepareDatabase() async throws {
        let c = try sql()
        _ = try await c.execute("CREATE DATABASE IF NOT EXISTS FINANCE")
        _ = try await c.execute("CREATE SCHEMA IF NOT EXISTS FINANCE.RAW")
    }

    /// Every row of the table equals the sandbox's: keys, text (non-ASCII), amounts, RecordDate, nulls and `_RAW`.
    func assertEqualsTruth(
        table: String, ido: String, key: String, amount: String?, schema: String = "RAW"
    ) async throws {
        let rows = try await truth(ido)
        let name = ido == "SLVendors" ? "\"NAME\"" : "\"TXT\""
        let stored = try await sql(schema: schema).execute(
            "SELECT \"_MLC_KEY\", \(name), \(amount.map { "\"\($0.uppercased())\"" } ?? "NULL"), \"RECORDDATE\", \"_RAW\" FROM \"\(table)\""
        )
        XCTAssertEqual(stored.rows.count, rows.count, "\(table) row count")
        let byKey = Dictionary(uniqueKeysWithValues: stored.rows.map { ($0[0] ?? "", $0) })
        for row in rows {
            let k = row[key]!.stringValue!
            guard let s = byKey[k] else { return XCTFail("\(table): \(k) missing") }
            XCTAssertEqual(s[1], row[ido == "SLVendors" ? "Name" : "Txt"]?.stringValue, "\(table) \(k) text")
            if let amount, let expected = row[amount]?.stringValue {
                XCTAssertEqual(Decimal(string: s[2] ?? ""), Decimal(string: expected), "\(table) \(k) \(amount)")
            }
            let recordDate = Timestamp(parsing: row["RecordDate"]!.stringValue!)!
            XCTAssertEqual(
                s[3].flatMap(Timestamp.init(parsing:))
                    ?? s[3].flatMap(Double.init).map { Timestamp(microseconds: Int64($0 * 1e6)) }, recordDate,
                "\(table) \(k) RecordDate")
            let raw = try JSONParser.parse(s[4] ?? "null")
            for member in row.objectValue ?? [] {
                XCTAssertEqual(raw[member.key], member.value, "\(table) \(k) _RAW.\(member.key)")
            }
        }
    }

    /// M3 suppliers carry no change stamp: read in full each run, the MERGE changes a row only when its object
    /// changed, so a second run writes exactly the edited supplier.
    func testRowsWithoutAChangeStampAreWrittenOnlyWhenTheyChange() async throws {
        try await onEachEngine {
            let m = try manifest(name: "m3.json", entities: #"["suppliers"]"#, source: #""columns": "canonical""#)
            let text = try String(contentsOfFile: m, encoding: .utf8)
                .replacingOccurrences(of: #""type": "cloudsuite.syteline""#, with: #""type": "cloudsuite.m3""#)
                .replacingOccurrences(of: #""mongooseConfig": "\#(sandbox.options.mongooseConfig)","#, with: "")
            XCTAssertTrue(text.contains("cloudsuite.m3") && !text.contains("mongooseConfig"), text)
            try text.write(toFile: m, atomically: true, encoding: .utf8)
            let first = try MLCProcess.run(["run", m, "--log-format", "json"], environment: environment)
            XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
            _ = try await HTTPClient().send(
                HTTPRequest(
                    method: "POST", url: sandbox.baseURL + "/admin/mutate",
                    body: Array(#"{"entity": "suppliers", "row": 4, "set": {"name": "Neue Müller AG"}}"#.utf8)))
            let second = try MLCProcess.run(["run", m, "--log-format", "json"], environment: environment)
            XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
            let summary = try JSONParser.parse(second.stdout)
            XCTAssertEqual(summary["entities"]?.arrayValue?.first?["written"], .number("1"), second.stdout)
            let name = try await sql().execute(
                "SELECT \"NAME\" FROM \"SUPPLIERS\" WHERE \"SUPPLIER_ID\" = 'V0000004'")
            XCTAssertEqual(name.rows.first?[0], "Neue Müller AG")
        }
    }

    /// Two plants, each its own pipeline and schema, in canonical columns: their tables `UNION ALL`, the company
    /// telling the rows apart, the amounts exact.
    func testCanonicalTablesOfTwoPlantsUnionAll() async throws {
        try await onEachEngine {
            for plant in ["PLANT_A", "PLANT_B"] {
                _ = try await sql().execute("CREATE SCHEMA IF NOT EXISTS FINANCE.\(plant)")
                let m = try manifest(
                    name: "\(plant).json", schema: plant, pipeline: plant, source: #""company": "\#(plant)""#)
                let run = try MLCProcess.run(["run", m], environment: environment)
                XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
            }
            let union = try await sql().execute(
                """
                SELECT "COMPANY", "INVOICE_ID", "AMOUNT" FROM FINANCE.PLANT_A."AP_INVOICES"
                UNION ALL SELECT "COMPANY", "INVOICE_ID", "AMOUNT" FROM FINANCE.PLANT_B."AP_INVOICES"
                """)
            let truth = try await truth("ap_invoices")
            let amounts = Dictionary(
                uniqueKeysWithValues: truth.map { ($0["invoice_id"]!.stringValue!, $0["amount"]!.stringValue!) })
            XCTAssertEqual(union.rows.count, 2 * truth.count)
            XCTAssertEqual(Set(union.rows.map { $0[0] }), ["PLANT_A", "PLANT_B"], "the company tells the plants apart")
            for row in union.rows {
                XCTAssertEqual(
                    Decimal(string: row[2] ?? ""), amounts[row[1] ?? ""].flatMap { Decimal(string: $0) }, "exact amount"
                )
            }
            let names = try await sql(schema: "PLANT_A").execute(
                "SELECT \"NAME\", \"_RAW\":\"Name\"::VARCHAR FROM \"SUPPLIERS\" WHERE \"SUPPLIER_ID\" = 'V0000001'")
            XCTAssertEqual(names.rows.first?[0], "株式会社 山田製作所")
            XCTAssertEqual(names.rows.first?[0], names.rows.first?[1], "_RAW keeps the product's own names")
        }
    }

    /// A table loaded in the product's own names, then in canonical ones: merging would leave the old columns
    /// stale and fill the new ones for changed rows only, so the run stops with the setting that keeps the old names.
    func testCanonicalNamesFoldingOntoAnEarlierNativeTableStopWithTheHint() async throws {
        try await onEachEngine {
            XCTAssertEqual(
                try MLCProcess.run(["run", try manifest(entities: #"["suppliers"]"#)], environment: environment).status,
                0)
            let canonical = try manifest(
                name: "canonical.json", entities: #"["suppliers"]"#, source: #""company": "X""#)
            let refused = try MLCProcess.run(["run", canonical], environment: environment)
            XCTAssertNotEqual(refused.status, 0)
            XCTAssertTrue(
                refused.stdout.contains(#""SUPPLIERS" exists without the key columns company, supplier_id"#),
                refused.stdout)
            XCTAssertTrue(refused.stdout.contains(#""columns": "native""#), refused.stdout)
        }
    }

    func testSyncEqualsTheTruthAndASecondRunChangesExactlyTheMutatedRows() async throws {
        try await onEachEngine {
            let m = try manifest()
            let first = try MLCProcess.run(["run", m, "--log-format", "json"], environment: environment)
            XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
            try await assertEqualsTruth(table: "SUPPLIERS", ido: "SLVendors", key: "VendNum", amount: nil)
            try await assertEqualsTruth(table: "AP_INVOICES", ido: "SLAptrxps", key: "Voucher", amount: "InvAmt")

            _ = try await HTTPClient().send(
                HTTPRequest(
                    method: "POST", url: sandbox.baseURL + "/admin/mutate",
                    body: Array(#"{"entity": "suppliers", "row": 4, "set": {"name": "Neue Müller AG"}}"#.utf8)))
            _ = try await HTTPClient().send(
                HTTPRequest(
                    method: "POST", url: sandbox.baseURL + "/admin/insert",
                    body: Array(#"{"entity": "ap_invoices", "count": 2}"#.utf8)))
            let second = try MLCProcess.run(["run", m, "--log-format", "json"], environment: environment)
            XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
            let summary = try JSONParser.parse(second.stdout)
            XCTAssertEqual(summary["entities"]?.arrayValue?.map { $0["written"] }, [.number("1"), .number("2")])
            try await assertEqualsTruth(table: "SUPPLIERS", ido: "SLVendors", key: "VendNum", amount: nil)
            try await assertEqualsTruth(table: "AP_INVOICES", ido: "SLAptrxps", key: "Voucher", amount: "InvAmt")
            let audit = try await sql().execute("SELECT COUNT(*) FROM \"MLC_AUDIT\" WHERE \"ENTITY\" = 'ap_invoices'")
            XCTAssertGreaterThanOrEqual(Int(audit.rows[0][0] ?? "0") ?? 0, 602, "every record has an audit row")
            // The documented words: 150 + 1 suppliers written, the re-read tie unchanged.
            let results = try await sql().execute(
                "SELECT \"RESULT\", COUNT(*) FROM \"MLC_AUDIT\" WHERE \"ENTITY\" = 'suppliers' GROUP BY \"RESULT\"")
            let counts = Dictionary(uniqueKeysWithValues: results.rows.map { ($0[0] ?? "", Int($0[1] ?? "") ?? -1) })
            XCTAssertEqual(counts["written"], 151, "\(counts)")
            XCTAssertGreaterThanOrEqual(counts["unchanged"] ?? 0, 1, "the tie re-read on the boundary: \(counts)")
            XCTAssertEqual(Set(counts.keys).subtracting(["written", "unchanged"]), [], "\(counts)")

            // A value the catalog type refuses is parked at the source and audited as rejected, with its reason.
            _ = try await HTTPClient().send(
                HTTPRequest(
                    method: "POST", url: sandbox.baseURL + "/admin/mutate",
                    body: Array(#"{"entity": "ap_invoices", "row": 3, "set": {"amount": "12,50"}}"#.utf8)))
            let third = try MLCProcess.run(["run", m, "--log-format", "json"], environment: environment)
            XCTAssertEqual(third.status, 3, third.stdout + third.stderr)
            let rejected = try await sql().execute(
                "SELECT \"SOURCE_ID\", \"ERROR\" FROM \"MLC_AUDIT\" WHERE \"RESULT\" = 'rejected'")
            XCTAssertEqual(rejected.rows.count, 1, "\(rejected.rows)")
            XCTAssertTrue(
                rejected.rows.first?[1]?.contains("InvAmt '12,50' is not a decimal") == true, "\(rejected.rows)")
        }
    }

    func testSnowflakeDownParksRecordsThenReplayMakesTheWarehouseExact() async throws {
        try await onEachEngine {
            let m = try manifest()
            XCTAssertEqual(try MLCProcess.run(["run", m], environment: environment).status, 0)
            _ = try await HTTPClient().send(
                HTTPRequest(
                    method: "POST", url: sandbox.baseURL + "/admin/insert",
                    body: Array(#"{"entity": "suppliers", "count": 5}"#.utf8)))
            _ = try await server.control("/_faults", ["down": true])
            let down = try MLCProcess.run(["run", m], environment: environment)
            XCTAssertEqual(down.status, 3, down.stdout + down.stderr)
            XCTAssertTrue(down.stdout.contains("parked for replay"), down.stdout)
            _ = try await server.control("/_faults", ["down": false])
            let replay = try MLCProcess.run(["replay", m], environment: environment)
            XCTAssertEqual(replay.status, 0, replay.stdout + replay.stderr)
            let rest = try MLCProcess.run(["run", m], environment: environment)
            XCTAssertEqual(rest.status, 0, rest.stdout + rest.stderr)
            try await assertEqualsTruth(table: "SUPPLIERS", ido: "SLVendors", key: "VendNum", amount: nil)
        }
    }

    func testUnknownWarehouseMalformedKeyAndPlan() async throws {
        try await onEachEngine {
            let unknown = try MLCProcess.run(["run", try manifest(warehouse: "NOPE_WH")], environment: environment)
            XCTAssertEqual(unknown.status, 1, unknown.stdout + unknown.stderr)
            XCTAssertTrue(unknown.stdout.contains("code 000606"), unknown.stdout)
            XCTAssertTrue(unknown.stdout.contains("handle "), unknown.stdout)
            XCTAssertTrue(unknown.stdout.contains("No active warehouse"), unknown.stdout)

            try "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n".write(
                toFile: server.dir + "/bad.p8", atomically: true, encoding: .utf8)
            let malformed = try MLCProcess.run(["run", try manifest(key: "bad.p8")], environment: environment)
            XCTAssertEqual(malformed.status, 2)
            XCTAssertTrue(malformed.stderr.contains("malformed PEM"), malformed.stderr)

            // A plan needs no credential: the key, its passphrase and the .ionapi are all absent here.
            let offline = try String(
                contentsOfFile: try manifest(key: "absent.p8", name: "offline.json"), encoding: .utf8
            )
            .replacingOccurrences(of: "tenant.ionapi", with: "absent.ionapi")
            try offline.write(toFile: server.dir + "/offline.json", atomically: true, encoding: .utf8)
            let plan = try MLCProcess.run(["plan", server.dir + "/offline.json", "--format", "table"])
            XCTAssertEqual(plan.status, 0, plan.stderr)
            XCTAssertFalse(plan.stdout.contains("absent"), "no secret was looked for")
            XCTAssertTrue(
                plan.stdout.contains(
                    #"CREATE TABLE IF NOT EXISTS "SUPPLIERS" ("_MLC_KEY" VARCHAR NOT NULL, "VENDNUM" VARCHAR"#),
                plan.stdout)
            XCTAssertTrue(plan.stdout.contains(#"MERGE INTO "AP_INVOICES" t USING"#), plan.stdout)
            XCTAssertTrue(plan.stdout.contains("PARSE_JSON(?)"), plan.stdout)
            XCTAssertTrue(plan.stdout.contains("-- suppliers: full read"), plan.stdout)
            let json = try MLCProcess.run(["plan", server.dir + "/offline.json", "--format", "json"])
            XCTAssertEqual(json.status, 0, json.stderr)
            let entities = try JSONParser.parse(json.stdout).arrayValue ?? []
            XCTAssertEqual(entities.compactMap { $0["entity"]?.stringValue }, ["suppliers", "ap_invoices"])
            XCTAssertEqual(entities.first?["cursor"], .null)
            XCTAssertTrue(
                entities.last?["statements"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("MERGE INTO") == true }
                    == true, json.stdout)
        }
    }

    func testKillDashNineMidRunThenResume() async throws {
        try await onEachEngine(sizes: ["suppliers": 10, "ap_invoices": 4000]) {
            let m = try manifest(batchRecords: 100)
            let (process, _, _) = try MLCProcess.start(["run", m, "--log-format", "json"], environment: environment)
            let deadline = Date().addingTimeInterval(90)
            while Date() < deadline, process.isRunning {
                if let n = try? await sql().execute("SELECT COUNT(*) FROM \"AP_INVOICES\"").rows.first?[0].flatMap(
                    Int.init), n >= 600
                {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            XCTAssertTrue(process.isRunning, "still running when killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let resumed = try MLCProcess.run(["run", m], environment: environment)
            XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
            try await assertEqualsTruth(table: "AP_INVOICES", ido: "SLAptrxps", key: "Voucher", amount: "InvAmt")
        }
    }

    /// kill -9 after each statement of a table's setup (and of a column's addition) in turn: the next run
    /// completes the setup and the table equals the truth.
    func testTableSetupKilledAtEveryStatementIsCompletedByTheNextRun() async throws {
        try await onEachEngine(sizes: ["suppliers": 40]) {
            var kills = 0
            for (phase, range) in [("create", 1...7), ("evolve", 3...8)] {
                for n in range {
                    let schema = "SETUP_\(phase.uppercased())_\(n)"
                    _ = try await sql().execute("CREATE SCHEMA IF NOT EXISTS FINANCE.\(schema)")
                    let plain = try manifest(
                        name: "\(schema).json", entities: #"["suppliers"]"#, schema: schema,
                        pipeline: schema.lowercased())
                    if phase == "evolve" {
                        XCTAssertEqual(try MLCProcess.run(["run", plain], environment: environment).status, 0)
                    }
                    let m =
                        phase == "create"
                        ? plain
                        : try manifest(
                            transforms:
                                #"[{"type": "constant", "entity": "suppliers", "field": "source_system", "value": "CSI"}]"#,
                            name: "\(schema)-tagged.json", entities: #"["suppliers"]"#, schema: schema,
                            pipeline: schema.lowercased())
                    _ = try await server.control("/_reset")
                    _ = try await server.control("/_faults", ["hangAfter": .number(String(n))])
                    let (process, _, _) = try MLCProcess.start(["run", m], environment: environment)
                    let deadline = Date().addingTimeInterval(30)
                    while process.isRunning, Date() < deadline,
                        (try await server.control("/_log"))["executions"]?.intValue ?? 0 < n
                    {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    XCTAssertTrue(process.isRunning, "\(schema): held after statement \(n)")
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    kills += 1
                    _ = try await server.control("/_faults", ["hangAfter": 0])
                    let rerun = try MLCProcess.run(["run", m], environment: environment)
                    XCTAssertEqual(rerun.status, 0, "\(schema): " + rerun.stdout + rerun.stderr)
                    try await assertEqualsTruth(
                        table: "SUPPLIERS", ido: "SLVendors", key: "VendNum", amount: nil, schema: schema)
                    if phase == "evolve" {
                        let tags = try await sql(schema: schema).execute(
                            "SELECT DISTINCT \"SOURCE_SYSTEM\" FROM \"SUPPLIERS\"")
                        XCTAssertEqual(tags.rows.count, 1, "\(schema): the new column exists")
                    }
                }
            }
            XCTAssertEqual(kills, 13)
        }
    }

    func testSchemaEvolutionTypeChangesAppendModeAndJWTDiagnostics() async throws {
        try await onEachEngine {
            XCTAssertEqual(try MLCProcess.run(["run", try manifest()], environment: environment).status, 0)

            // A new column (from a transform) is added; the rows written from now on carry it.
            let tagged = try manifest(
                transforms:
                    #"[{"type": "constant", "entity": "suppliers", "field": "source_system", "value": "CSI-TST"}]"#,
                name: "tagged.json")
            _ = try await HTTPClient().send(
                HTTPRequest(
                    method: "POST", url: sandbox.baseURL + "/admin/mutate",
                    body: Array(#"{"entity": "suppliers", "row": 1, "set": {"name": "Evolved"}}"#.utf8)))
            let evolved = try MLCProcess.run(["run", tagged], environment: environment)
            XCTAssertEqual(evolved.status, 0, evolved.stdout + evolved.stderr)
            let tag = try await sql().execute(
                "SELECT \"SOURCE_SYSTEM\" FROM \"SUPPLIERS\" WHERE \"VENDNUM\" = 'V0000001'")
            XCTAssertEqual(tag.rows, [["CSI-TST"]])

            // The same column with another type is refused with the column and a fix.
            let retyped = try manifest(
                transforms: #"[{"type": "constant", "entity": "suppliers", "field": "source_system", "value": 7}]"#,
                name: "retyped.json")
            let refused = try MLCProcess.run(["run", retyped], environment: environment)
            XCTAssertEqual(refused.status, 1)
            XCTAssertTrue(
                refused.stdout.contains("column source_system of \"SUPPLIERS\" is string in Snowflake but int now"),
                refused.stdout)
            XCTAssertTrue(refused.stdout.contains("cast"), refused.stdout)

            // Append mode keeps every version; duplicates inside a batch are kept as history too.
            let history = try manifest(mode: "append", name: "history.json")
            let text = try String(contentsOfFile: history, encoding: .utf8).replacingOccurrences(
                of: #""name": "sf""#, with: #""name": "sf-history""#
            )
            .replacingOccurrences(of: #""schema": "RAW""#, with: #""schema": "HISTORY""#)
            try text.write(toFile: history, atomically: true, encoding: .utf8)
            _ = try await sql().execute("CREATE SCHEMA IF NOT EXISTS FINANCE.HISTORY")
            XCTAssertEqual(try MLCProcess.run(["run", history], environment: environment).status, 0)
            _ = try await HTTPClient().send(
                HTTPRequest(
                    method: "POST", url: sandbox.baseURL + "/admin/mutate",
                    body: Array(#"{"entity": "suppliers", "row": 2, "set": {"name": "Second version"}}"#.utf8)))
            XCTAssertEqual(try MLCProcess.run(["run", history], environment: environment).status, 0)
            let versions = try await sql().execute(
                "SELECT COUNT(*) FROM FINANCE.HISTORY.\"SUPPLIERS\" WHERE \"VENDNUM\" = 'V0000002'")
            XCTAssertEqual(versions.rows, [["2"]], "both versions of the edited supplier are kept")

            // A key Snowflake does not know: check prints what was sent and how to compare it.
            try SnowflakeTestServer.run(
                "/usr/bin/openssl",
                ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", server.dir + "/other.p8"])
            let other = try MLCProcess.run(
                ["check", try manifest(key: "other.p8", name: "other.json")], environment: environment)
            XCTAssertEqual(other.status, 1)
            XCTAssertTrue(other.stdout.contains("sent iss: ACME.MLC_LOADER.SHA256:"), other.stdout)
            XCTAssertTrue(other.stdout.contains("sent sub: ACME.MLC_LOADER"), other.stdout)
            XCTAssertTrue(other.stdout.contains("RSA_PUBLIC_KEY_FP"), other.stdout)
        }
    }

    func testBadKeyAndSQLErrorsAreClear() async throws {
        try await onEachEngine {
            let m = try manifest()
            let wrong = try MLCProcess.run(["run", m], environment: ["MLC_TEST_KEY_PASS": "wrong"])
            XCTAssertEqual(wrong.status, 2)
            XCTAssertTrue(wrong.stderr.contains("wrong passphrase"), wrong.stderr)
            XCTAssertTrue(wrong.stderr.contains("$.sink.auth.privateKey"), wrong.stderr)
            let check = try MLCProcess.run(["check", m], environment: environment)
            XCTAssertEqual(check.status, 0, check.stdout)
            XCTAssertTrue(check.stdout.contains("ok   privileges"), check.stdout)
            let left = try await sql().execute(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = 'MLC_CHECK'")
            XCTAssertEqual(left.rows.first?[0], "0", "check leaves no object behind")
        }
    }
}
