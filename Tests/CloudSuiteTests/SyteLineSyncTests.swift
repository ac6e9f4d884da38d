import CloudSuiteSandbox
import Foundation
import MLCCore
import MLCTestKit
import XCTest

@testable import CloudSuiteSyteLine

final class SyteLineSyncTests: XCTestCase {
    let allEntities =
        #"["suppliers", "ap_invoices", "ap_invoice_lines", "purchase_orders", "purchase_order_lines", "gl_accounts", "unit_codes_1", "unit_codes_2", "unit_codes_3", "unit_codes_4", "customers", "items"]"#

    func summary(_ result: MLCProcess.Result) throws -> JSON { try JSONParser.parse(result.stdout) }

    func entity(_ summary: JSON, _ name: String) -> JSON? {
        summary["entities"]?.arrayValue?.first { $0["entity"]?.stringValue == name }
    }

    func testFullSyncEqualsTheSandboxTruth() throws {
        let h = try SandboxHarness()
        let result = try MLCProcess.run(["run", try h.manifest(allEntities), "--log-format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        for e in SyteLineCatalog.entities {
            try h.assertWarehouseEqualsTruth(entity: e.name, ido: e.locator.resource, key: e.key, types: e.types)
        }
        let names = try h.warehouse.query(
            #"SELECT Name FROM suppliers WHERE Name IN ('Müller GmbH', '株式会社 山田製作所', 'Acme "Industrial" Supply', '')"#)
        XCTAssertEqual(Set(names.compactMap { $0[0].text }).count, 4, "non-ASCII, quotes and empty strings survive")
        XCTAssertEqual(try h.stats()["revocations"], .number("1"), "the token is revoked at the end of the run")
        XCTAssertFalse(
            result.stderr.contains("sandbox-secret-key") || result.stdout.contains("sandbox-client-secret"),
            "no secret in output")
    }

    func testIncrementalRunsAfterMutationsIncludingTiesOnTheCursorBoundary() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["suppliers"]"#)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)

        // The newest RecordDate the first run saw is the cursor. A row edited "at the same instant" but
        // committed later has exactly that RecordDate: a strict '>' would lose it.
        let rows = try h.truth("SLVendors")
        let boundary = rows.compactMap { $0["RecordDate"]?.stringValue }.max()!
        _ = try h.admin(
            "POST", "/admin/mutate",
            [
                "entity": "suppliers", "row": 5, "set": ["name": "Tie GmbH, \"boundary\""],
                "modifiedAt": .string(boundary),
            ])
        _ = try h.admin(
            "POST", "/admin/mutate",
            ["entity": "suppliers", "row": 17, "set": ["name": "Neue Müller AG", "tax_id": nil]])
        _ = try h.admin("POST", "/admin/insert", ["entity": "suppliers", "count": 3])

        let second = try summary(try MLCProcess.run(["run", m, "--log-format", "json"]))
        XCTAssertEqual(second["status"], .string("ok"))
        XCTAssertEqual(
            entity(second, "suppliers")?["written"], .number("5"), "exactly the mutated and inserted rows change")
        try h.assertWarehouseEqualsTruth(entity: "suppliers", ido: "SLVendors", key: ["VendNum"])
        XCTAssertEqual(
            try h.warehouse.query("SELECT Name FROM suppliers WHERE VendNum = 'V0000005'")[0][0],
            .text("Tie GmbH, \"boundary\""))

        let third = try summary(try MLCProcess.run(["run", m, "--log-format", "json"]))
        XCTAssertEqual(entity(third, "suppliers")?["written"], .number("0"), "nothing changed, nothing written")
    }

    func testAFiveSecondTokenOverManyPagesNeverSendsAnExpiredToken() throws {
        let h = try SandboxHarness {
            $0.tokenLifetime = 5
            $0.sizes = ["ap_invoices": 1500]
        }
        // 75 pages at 8 requests/second: about 9 seconds, so the token is renewed at least once.
        let m = try h.manifest(
            #"["ap_invoices"]"#,
            source: ["pageSize": 20, "rateLimit": ["requestsPerMinute": 480], "tokenRefreshMargin": 1])
        let result = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let stats = try h.stats()
        XCTAssertEqual(stats["expiredTokenRequests"], .number("0"))
        XCTAssertEqual(stats["unknownTokenRequests"], .number("0"))
        let grants = stats["grants"]?.arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertGreaterThanOrEqual(grants.count, 2, "renewed during the run: \(grants)")
        XCTAssertEqual(grants.first, "password")
        XCTAssertTrue(grants.dropFirst().contains("refresh_token"), "renewal uses the refresh token: \(grants)")
        try h.assertWarehouseEqualsTruth(
            entity: "ap_invoices", ido: "SLAptrxps", key: ["Voucher"], types: SyteLineCatalog.entities[1].types)
    }

    /// The storm under each form of `Retry-After` a gateway may send: seconds, an HTTP date, none at all.
    func testA429StormSlowsTheRunButNeverFailsIt() throws {
        for form in CloudSuiteSandbox.Options.RetryAfterForm.allCases {
            let h = try SandboxHarness {
                $0.requestsPerMinute = 240
                $0.sizes = ["items": 600]
                $0.retryAfter = form
            }
            // The manifest claims far more than the tenant allows: the gateway answers 429 (+ Retry-After).
            let m = try h.manifest(#"["items"]"#, source: ["pageSize": 40])
            let result = try MLCProcess.run(["run", m, "--log-format", "json"])
            XCTAssertEqual(result.status, 0, "\(form): " + result.stdout + result.stderr)
            let s = try summary(result)
            XCTAssertGreaterThan(Int(s["source"]?["429s"]?.stringValue ?? "0") ?? 0, 0, "\(form)")
            XCTAssertGreaterThan(try h.stats()["throttled"]?.intValue ?? 0, 0)
            try h.assertWarehouseEqualsTruth(
                entity: "items", ido: "SLItems", key: ["Item"], types: ["UnitCost": .decimal])
        }
    }

    func testPastTheRetryBudget429sCheckpointAndExitThree() throws {
        let h = try SandboxHarness {
            $0.requestsPerMinute = 60
            $0.sizes = ["items": 300]
        }
        let m = try h.manifest(#"["items"]"#, source: ["pageSize": 50, "maxAttempts": 1])
        let first = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(first.status, 3, first.stdout + first.stderr)
        let s = try summary(first)
        XCTAssertEqual(s["status"], .string("partial"))
        XCTAssertTrue(entity(s, "items")?["error"]?.stringValue?.contains("HTTP 429") ?? false)
        let loaded = try h.warehouse.query("SELECT count(*) FROM items")[0][0].int!
        XCTAssertLessThan(loaded, 300)

        let patient = try h.manifest(
            #"["items"]"#, source: ["pageSize": 50, "rateLimit": ["requestsPerMinute": 60]], name: "patient.json")
        try FileManager.default.removeItem(atPath: h.dir + "/m.json")
        _ = patient
        let second = try MLCProcess.run(["run", h.dir + "/patient.json"])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        try h.assertWarehouseEqualsTruth(entity: "items", ido: "SLItems", key: ["Item"], types: ["UnitCost": .decimal])
    }

    func testKillDashNineMidRunThenResume() throws {
        let h = try SandboxHarness { $0.sizes = ["ap_invoice_lines": 3000] }
        let m = try h.manifest(
            #"["ap_invoice_lines"]"#, source: ["pageSize": 100, "rateLimit": ["requestsPerMinute": 600]])
        let (process, _, _) = try MLCProcess.start(["run", m, "--log-format", "json"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let n = try? h.warehouse.query("SELECT count(*) FROM ap_invoice_lines").first?[0].int, n >= 500 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertLessThan(try h.warehouse.query("SELECT count(*) FROM ap_invoice_lines")[0][0].int!, 3000)
        let resumed = try MLCProcess.run(["run", m])
        XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
        try h.assertWarehouseEqualsTruth(
            entity: "ap_invoice_lines", ido: "SLAptrxds", key: ["Voucher", "DistSeq"],
            types: SyteLineCatalog.entities[2].types)
    }
}

final class UnconfirmedSettingsTests: XCTestCase {
    /// Behaviours the public sources leave open are settings: Basic client auth, lowercase query names,
    /// and the UTC offset of RecordDate.
    func testBasicClientAuthLowercaseParametersAndRecordDateOffset() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(
            #"["unit_codes_1"]"#,
            source: ["clientAuthentication": "basic", "parameterCase": "lower", "timeZoneOffset": "+01:00"])
        let result = try MLCProcess.run(["run", m])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let truth = try h.truth("SLUnitcd1s")
        let first = truth[0]["RecordDate"]!.stringValue!
        let stored = try h.warehouse.query(
            "SELECT RecordDate FROM unit_codes_1 WHERE UnitCode1 = ?",
            [.text(first == "" ? "" : truth[0]["UnitCode1"]!.stringValue!)])
        XCTAssertEqual(
            stored[0][0].text, Timestamp(parsing: first)!.adding(seconds: -3600).iso8601,
            "local +01:00 time stored as UTC")
        let invalid = try h.manifest(#"["unit_codes_1"]"#, source: ["timeZoneOffset": "CET"], name: "bad.json")
        let refused = try MLCProcess.run(["validate", invalid])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("$.source.timeZoneOffset"), refused.stderr)

        let repeated = try h.manifest(
            #"[{"name": "suppliers", "properties": ["VendNum", "Name", "VendNum"]}]"#, name: "repeated.json")
        let refusedRepeat = try MLCProcess.run(["validate", repeated])
        XCTAssertEqual(refusedRepeat.status, 2)
        XCTAssertTrue(refusedRepeat.stderr.contains("$.source.entities[0].properties"), refusedRepeat.stderr)
        XCTAssertTrue(refusedRepeat.stderr.contains("property \"VendNum\" is listed twice"), refusedRepeat.stderr)
    }
}
