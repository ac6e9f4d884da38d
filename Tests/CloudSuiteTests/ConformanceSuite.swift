import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// What every product line must do, run unchanged against each (`ProductLineUnderTest.all`), in the default
/// canonical columns, against the sandbox's canonical truth (`Plugins/CloudSuite/PRODUCT-LINE.md`).
final class ConformanceSuite: XCTestCase {
    func eachLine(_ body: (ProductLineUnderTest) throws -> Void) rethrows {
        for line in ProductLineUnderTest.all { try body(line) }
    }

    /// A manifest in the default column names (the harness's `native` removed).
    func manifest(
        _ h: SandboxHarness, _ line: ProductLineUnderTest, _ entities: String, source: [String: JSON] = [:],
        name: String = "m.json"
    ) throws -> String {
        try h.manifest(entities, source: source.merging(["columns": .null]) { a, _ in a }, name: name, line: line)
    }

    func written(_ result: MLCProcess.Result, _ entity: String) throws -> JSON? {
        try JSONParser.parse(result.stdout)["entities"]?.arrayValue?.first { $0["entity"]?.stringValue == entity }?[
            "written"]
    }

    func testFullSyncEqualsTheCanonicalTruth() throws {
        try eachLine { line in
            let h = try SandboxHarness()
            let result = try MLCProcess.run(["run", try manifest(h, line, line.entityList), "--log-format", "json"])
            XCTAssertEqual(result.status, 0, "\(line.type): " + result.stdout + result.stderr)
            for entity in line.catalog.entities { try assertEqualsTruth(h, line, entity) }
            XCTAssertEqual(try h.stats()["revocations"], .number("1"), "\(line.type): the token is revoked at the end")
            try assertNoSecret(h, in: [result.stdout, result.stderr])
        }
    }

    func testFullAndIncrementalSyncUnderEveryTenantVariant() throws {
        try eachLine { line in
            for variant in line.variants {
                let h = try SandboxHarness(variant.configure)
                let m = try manifest(h, line, #"["suppliers", "customers"]"#)
                let first = try MLCProcess.run(["run", m, "--log-format", "json"])
                XCTAssertEqual(first.status, 0, "\(line.type), \(variant.name): " + first.stdout + first.stderr)
                _ = try h.admin(
                    "POST", "/admin/mutate", ["entity": "customers", "row": 2, "set": ["name": "Neu Kunde"]])
                let second = try MLCProcess.run(["run", m, "--log-format", "json"])
                XCTAssertEqual(try written(second, "customers"), .number("1"), "\(line.type), \(variant.name)")
                for name in ["suppliers", "customers"] {
                    try assertEqualsTruth(h, line, line.catalog.entities.first { $0.name == name }!)
                }
            }
        }
    }

    func testIncrementalWithTiesOnTheCursorBoundaryEqualsTheTruth() throws {
        try eachLine { line in
            let h = try SandboxHarness()
            let m = try manifest(h, line, #"["suppliers"]"#)
            XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
            // A row changed "at the same instant" as the newest one seen, but committed later: a strict '>' loses it.
            let boundary = try h.truth("suppliers").compactMap { $0["modified_at"]?.stringValue }.max()!
            _ = try h.admin(
                "POST", "/admin/mutate",
                [
                    "entity": "suppliers", "row": 5, "set": ["name": "Tie Ωmega, \"boundary\""],
                    "modifiedAt": .string(boundary),
                ])
            _ = try h.admin("POST", "/admin/mutate", ["entity": "suppliers", "row": 17, "set": ["tax_id": nil]])
            _ = try h.admin("POST", "/admin/insert", ["entity": "suppliers", "count": 3])
            let second = try MLCProcess.run(["run", m, "--log-format", "json"])
            XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
            // Row 17's change is in a column the line may not read (SX.e's vendor list has no tax id): then it
            // is no change to that line.
            let suppliers = line.catalog.entities.first { $0.name == "suppliers" }!
            let changed = suppliers.canonical.assignments.contains { $0.column == "tax_id" } ? 5 : 4
            XCTAssertEqual(
                try written(second, "suppliers"), .number(String(changed)), "\(line.type): exactly the changed rows")
            try assertEqualsTruth(h, line, line.catalog.entities.first { $0.name == "suppliers" }!)
        }
    }

    func testA429StormStillEqualsTheTruth() throws {
        try eachLine { line in
            // The tenant allows 600 requests a minute; mlc is told 6000: the gateway answers 429 and mlc backs off.
            let h = try SandboxHarness { $0.requestsPerMinute = 600 }
            let m = try manifest(
                h, line, #"["suppliers", "customers"]"#,
                source: ["pageSize": 10, "rateLimit": ["requestsPerMinute": 6000], "maxAttempts": 30])
            let result = try MLCProcess.run(["run", m, "--log-format", "json"])
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertGreaterThan(try h.stats()["throttled"]?.intValue ?? 0, 0, "\(line.type): the storm happened")
            for name in ["suppliers", "customers"] {
                try assertEqualsTruth(h, line, line.catalog.entities.first { $0.name == name }!)
            }
        }
    }

    /// The reference leaves the gateway's error bodies open: a 503 whose body looks like any product's own error
    /// envelope is still the gateway's, and retried.
    func testAGateway503WithAnErrorBodyIsRetried() throws {
        let envelope: JSON = [
            "error": ["code": "503", "message": "Service Unavailable"], "message": "Service Unavailable",
            "Message": "Service Unavailable", "Success": false,
        ]
        try eachLine { line in
            let h = try SandboxHarness()
            _ = try h.admin("POST", "/admin/fail-next", ["status": 503, "body": envelope, "count": 2])
            let result = try MLCProcess.run(["run", try manifest(h, line, #"["suppliers"]"#), "--log-format", "json"])
            XCTAssertEqual(result.status, 0, "\(line.type): " + result.stdout + result.stderr)
            XCTAssertTrue(result.stderr.contains("http.retry"), "\(line.type): " + result.stderr)
            try assertEqualsTruth(h, line, line.catalog.entities.first { $0.name == "suppliers" }!)
        }
    }

    func testA401OnceAndAFiveSecondTokenOverManyPages() throws {
        try eachLine { line in
            let h = try SandboxHarness { $0.tokenLifetime = 5 }
            // 120 suppliers, 5 to a page, 3 requests a second: about 8 s of pages on 5-second tokens.
            let m = try manifest(
                h, line, #"["suppliers"]"#, source: ["pageSize": 5, "rateLimit": ["requestsPerMinute": 180]])
            let (process, out, _) = try MLCProcess.start(["run", m, "--log-format", "json"])
            Thread.sleep(forTimeInterval: 1.5)
            _ = try h.admin("POST", "/admin/reject-next", ["count": 1])
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, String(decoding: stdout, as: UTF8.self))
            let stats = try h.stats()
            XCTAssertEqual(stats["expiredTokenRequests"], .number("1"), "\(line.type): one 401, then a fresh token")
            XCTAssertGreaterThanOrEqual(
                stats["grants"]?.arrayValue?.count ?? 0, 3, "renewed before each expiry: \(stats)")
            try assertEqualsTruth(h, line, line.catalog.entities.first { $0.name == "suppliers" }!)
        }
    }

    func testTheProductsErrorEnvelopeIsAClearError() throws {
        try eachLine { line in
            let h = try SandboxHarness()
            let result = try MLCProcess.run(["run", try manifest(h, line, #"["suppliers"]"#, source: line.refusing)])
            XCTAssertNotEqual(result.status, 0)
            try assertNoSecret(h, in: [result.stdout, result.stderr])
            for words in line.refusalWords {
                XCTAssertTrue(
                    result.stdout.contains(words) || result.stderr.contains(words), "\(words): \(result.stdout)")
            }
        }
    }

    func testKillDashNineThenResume() throws {
        try eachLine { line in
            let bulk = line.bulkEntity
            let h = try SandboxHarness { $0.sizes[bulk] = 3000 }
            let m = try manifest(
                h, line, "[\"\(bulk)\"]", source: ["pageSize": 100, "rateLimit": ["requestsPerMinute": 600]])
            let (process, _, _) = try MLCProcess.start(["run", m])
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning {
                if let n = try? h.warehouse.query("SELECT count(*) FROM \(bulk)").first?[0].int, n >= 500 {
                    break
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            XCTAssertTrue(process.isRunning, "\(line.type): killed mid-run")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let resumed = try MLCProcess.run(["run", m])
            XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
            try assertEqualsTruth(h, line, line.catalog.entities.first { $0.name == bulk }!)
        }
    }

    /// No credential of the tenant, and no token it issued, in what mlc printed or wrote: the warehouse, the
    /// state store (cursors, runs, journal) and every file beside them.
    func assertNoSecret(
        _ h: SandboxHarness, in outputs: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let options = h.sandbox.options
        var secrets = [options.secretKey, options.clientSecret, options.accessKey]
        secrets += try h.admin("GET", "/admin/issued")["tokens"]?.arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertGreaterThan(secrets.count, 3, "the sandbox issued tokens", file: file, line: line)
        var texts = outputs
        for name in try FileManager.default.contentsOfDirectory(atPath: h.dir) where name != "tenant.ionapi" {
            if let data = FileManager.default.contents(atPath: h.dir + "/" + name) {
                texts.append(String(decoding: data, as: UTF8.self))
            }
        }
        for secret in secrets where texts.contains(where: { $0.contains(secret) }) {
            XCTFail("a secret (\(secret.prefix(6))…) in mlc's output or files", file: file, line: line)
        }
    }

    /// The entity's table equals the sandbox's canonical truth: one row per truth row, every canonical column
    /// the line fills equal to the truth (text, exact decimals, instants), every column it cannot fill null,
    /// and `_raw` the product's own object as its API serves it.
    func assertEqualsTruth(
        _ h: SandboxHarness, _ line: ProductLineUnderTest, _ entity: IONEntity, file: StaticString = #filePath,
        fileLine: UInt = #line
    ) throws {
        let canonical = CanonicalSchema.entity(named: entity.canonical.kind)!
        let schema = entity.schema(.canonical)
        var truth = try h.truth(entity.canonical.kind)
        for case let assignment in entity.canonical.assignments {
            if case .constant(let value) = assignment.origin {
                truth = truth.filter { $0[assignment.column]?.stringValue == value }
            }
        }
        let native = Dictionary(
            try h.truth(line.resource(entity)).map { row in
                // The key as the line reads it: member names matched case-insensitively, as the tenant spells them.
                let members = line.named(row, entity).objectValue ?? []
                let key = entity.key.map { k in
                    String(
                        (members.first { $0.key.lowercased() == k.lowercased() }?.value.keyText ?? "").reversed()
                            .drop { $0 == " " }.reversed())
                }
                let prefix = entity.keyPrefix(.canonical, company: line.company(h.sandbox)).map { $0 + "|" } ?? ""
                return (prefix + key.joined(separator: "|"), row)
            }
        ) { a, _ in a }
        let columns = canonical.columns.map(\.name)
        let stored = try h.warehouse.query(
            "SELECT _mlc_key, _raw, \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \"\(entity.name)\"")
        let where_ = "\(line.type) \(entity.name)"
        XCTAssertEqual(stored.count, truth.count, "\(where_): row count", file: file, line: fileLine)
        let filled = Set(entity.canonical.assignments.map(\.column))
        // Rows are matched on the canonical key where the line fills it (a table may keep the product's own key).
        let identity =
            canonical.key.allSatisfy { $0 == "company" || filled.contains($0) } ? canonical.key : schema.primaryKey
        let byKey = Dictionary(
            stored.map { row in (identity.map { row[columns.firstIndex(of: $0)! + 2].text ?? "" }, row) }
        ) { a, _ in a }
        let company = line.company(h.sandbox)
        for row in truth {
            let key = identity.map {
                $0 == "company" ? company : line.served(entity.name, $0, row[$0]?.stringValue) ?? ""
            }
            guard let s = byKey[key] else {
                return XCTFail("\(where_): key \(key) missing from the warehouse", file: file, line: fileLine)
            }
            for (i, column) in canonical.columns.enumerated() {
                let value = s[i + 2]
                var truthValue = column.name == "company" ? company : row[column.name]?.stringValue
                if line.blankIsNull, truthValue == "" { truthValue = nil }
                if column.name != "company" { truthValue = line.served(entity.name, column.name, truthValue) }
                guard filled.contains(column.name), let expected = truthValue else {
                    XCTAssertEqual(value, .null, "\(where_) \(key).\(column.name)", file: file, line: fileLine)
                    continue
                }
                if column.type == .timestamp {
                    // A line that fills the column with a date only (M3's yyyyMMdd) is compared on the day.
                    let day = line.dayPrecision.contains(column.name)
                    XCTAssertEqual(
                        value.text.flatMap(Timestamp.init(parsing:)).map {
                            day ? String($0.iso8601.prefix(10)) : $0.iso8601
                        },
                        Timestamp(parsing: expected).map { day ? String($0.iso8601.prefix(10)) : $0.iso8601 },
                        "\(where_) \(key).\(column.name)", file: file, line: fileLine)
                } else {
                    XCTAssertEqual(value.text, expected, "\(where_) \(key).\(column.name)", file: file, line: fileLine)
                }
            }
            let raw = try JSONParser.parse(s[1].text ?? "")
            guard let served = native[s[0].text ?? ""]?.objectValue else {
                return XCTFail("\(where_): no served row for \(s[0])", file: file, line: fileLine)
            }
            for member in served where member.key != "_ItemId" {
                XCTAssertEqual(
                    raw[member.key], member.value, "\(where_) \(key) _raw.\(member.key)", file: file, line: fileLine)
            }
        }
    }
}

extension JSON {
    /// A key member's text: a string as it is, a number (LN's `Edm.Int32` keys) as its digits.
    fileprivate var keyText: String? {
        if let text = stringValue { return text }
        return self == .null ? nil : serialized()
    }
}
