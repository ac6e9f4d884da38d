import CloudSuite
import CloudSuiteSandbox
import Foundation
import MLCCore
import MLCTestKit
import XCTest

@testable import CloudSuiteSyteLine

/// The sandbox serves the shapes real tenants differ in; a sync must load the same truth from each.
final class TenantVariantTests: XCTestCase {
    func summary(_ result: MLCProcess.Result) throws -> JSON { try JSONParser.parse(result.stdout) }

    /// Full, then incremental with a tie on the cursor boundary, in every date form, with every filter literal form.
    func testEveryDateFormSyncsFullAndIncrementallyToTheTruth() throws {
        for form in TenantShape.DateForm.allCases {
            let h = try SandboxHarness { $0.shape.dateForm = form }
            // WCF's form exists only in answers: its tenant reads filter literals in the SQL form.
            let literal = DateLiteral(rawValue: form.rawValue)?.rawValue ?? "sql"
            let m = try h.manifest(#"["suppliers", "ap_invoices"]"#, source: ["filterDateForm": .string(literal)])
            let first = try MLCProcess.run(["run", m, "--log-format", "json"])
            XCTAssertEqual(first.status, 0, "\(form): " + first.stdout + first.stderr)
            let served = try h.truth("SLVendors")[0]["RecordDate"]!.stringValue!
            let asServed = form == .wcf ? served.hasPrefix("/Date(") : served.contains("-") == (form != .mongoose)
            XCTAssertTrue(asServed, "\(form): the sandbox serves \(served)")
            try h.assertWarehouseEqualsTruth(
                entity: "ap_invoices", ido: "SLAptrxps", key: ["Voucher"], types: SyteLineCatalog.entities[1].types)

            let boundary = try h.truth("SLVendors").compactMap { $0["RecordDate"]?.stringValue }.max {
                Timestamp(parsing: $0)! < Timestamp(parsing: $1)!
            }!
            _ = try h.admin(
                "POST", "/admin/mutate",
                ["entity": "suppliers", "row": 5, "set": ["name": "Tie GmbH"], "modifiedAt": .string(boundary)])
            _ = try h.admin("POST", "/admin/mutate", ["entity": "suppliers", "row": 9, "set": ["name": "Neu AG"]])
            let second = try summary(try MLCProcess.run(["run", m, "--log-format", "json"]))
            XCTAssertEqual(second["status"], .string("ok"), "\(form)")
            let suppliers = second["entities"]?.arrayValue?.first { $0["entity"]?.stringValue == "suppliers" }
            XCTAssertEqual(suppliers?["written"], .number("2"), "\(form): the tie and the edit, nothing else")
            try h.assertWarehouseEqualsTruth(entity: "suppliers", ido: "SLVendors", key: ["VendNum"])
        }
    }

    /// Mongoose's form served, the SQL and ISO literal forms sent: the tenant reads all three.
    func testTheFilterLiteralFormIsASetting() throws {
        let h = try SandboxHarness()
        for literal in ["sql", "iso"] {
            let m = try h.manifest(
                #"["unit_codes_1"]"#, source: ["filterDateForm": .string(literal)], name: "\(literal).json")
            XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
            XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0, "incremental run with \(literal) literals")
        }
        let bad = try h.manifest(#"["unit_codes_1"]"#, source: ["filterDateForm": "dmy"], name: "bad.json")
        XCTAssertEqual(try MLCProcess.run(["validate", bad]).status, 2)
    }

    /// A tenant whose IDOs lack catalog properties and have user fields: the sync succeeds with warnings,
    /// the missing columns stay null, and `discover` shows the difference.
    func testATenantWithFewerAndExtraPropertiesSyncsWithWarnings() throws {
        let h = try SandboxHarness {
            $0.shape.dropped = ["SLVendors": ["TaxRegNum1", "VadCity"], "SLItems": ["ProductCode"]]
            $0.shape.extra = ["SLVendors": ["Uf_Rating"]]
        }
        let m = try h.manifest(#"["suppliers", "items"]"#)
        let result = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let s = try summary(result)
        let suppliers = s["entities"]?.arrayValue?.first { $0["entity"]?.stringValue == "suppliers" }
        let warning = suppliers?["warnings"]?.arrayValue?.first?.stringValue ?? ""
        XCTAssertTrue(warning.contains("TaxRegNum1, VadCity"), warning)
        XCTAssertEqual(suppliers?["written"], .number("120"))
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM suppliers WHERE TaxRegNum1 IS NOT NULL OR VadCity IS NOT NULL")[
                0][0].int, 0)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM items")[0][0].int, 90)

        let check = try MLCProcess.run(["check", m])
        XCTAssertEqual(check.status, 0, check.stdout)
        XCTAssertTrue(check.stdout.contains("warn suppliers: IDO SLVendors has no TaxRegNum1, VadCity"), check.stdout)

        let discovered =
            try JSONParser.parse(try MLCProcess.run(["discover", m, "--format", "json"]).stdout).arrayValue ?? []
        XCTAssertEqual(discovered.first?["missing"], .array([.string("TaxRegNum1"), .string("VadCity")]))
        XCTAssertEqual(discovered.first?["extra"], .array([.string("Uf_Rating")]))
        let table = try MLCProcess.run(["discover", m, "--format", "table"]).stdout
        XCTAssertTrue(table.contains("extra:   Uf_Rating"), table)

        // A listed user field is sent as written and loads.
        let explicit = try h.manifest(
            #"[{"name": "suppliers", "properties": ["VendNum", "Name", "Uf_Rating"]}]"#, name: "uf.json")
        // A new column fills only on rows read again: forget the cursor so every row is.
        XCTAssertEqual(try MLCProcess.run(["state", "reset", explicit, "--yes"]).status, 0)
        XCTAssertEqual(try MLCProcess.run(["run", explicit]).status, 0)
        let rating = try h.warehouse.query("SELECT Uf_Rating FROM suppliers WHERE Uf_Rating IS NOT NULL")
        XCTAssertEqual(rating.count, 120)

        // Only a missing key fails the entity.
        let keyless = try SandboxHarness { $0.shape.dropped = ["SLVendors": ["VendNum"]] }
        let failed = try MLCProcess.run(["run", try keyless.manifest(#"["suppliers"]"#), "--log-format", "json"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stdout.contains("has no property VendNum, the entity's key"), failed.stdout)

        // A missing cursor is a warning: the IDO is read in full every run, and a row that did not change stays.
        let undated = try SandboxHarness { $0.shape.dropped = ["SLVendors": ["RecordDate"]] }
        let whole = try undated.manifest(#"["suppliers"]"#, name: "whole.json")
        let rows = try undated.truth("SLVendors").count
        for (run, written) in [(1, rows), (2, 0)] {
            let result = try MLCProcess.run(["run", whole, "--log-format", "json"])
            XCTAssertEqual(result.status, 0, "run \(run): " + result.stdout + result.stderr)
            XCTAssertTrue(
                result.stdout.contains("has no property RecordDate, the entity's cursor: it is read in full"),
                result.stdout)
            XCTAssertEqual(try SandboxHarness.entry(result, "suppliers")?["read"], .number(String(rows)))
            XCTAssertEqual(try SandboxHarness.entry(result, "suppliers")?["written"], .number(String(written)))
        }
        XCTAssertEqual(try undated.warehouse.query("SELECT count(*) FROM suppliers")[0][0].int, Int64(rows))
    }

    /// `check` sends the run's request: a filter the tenant refuses fails it, with the setting to fix; a cause
    /// shared by several entities is printed once.
    func testCheckFailsOnABadFilterAndGroupsIdenticalCauses() throws {
        let h = try SandboxHarness()
        let bad = try h.manifest(#"["items", {"name": "suppliers", "filter": "Stat >>> 'A'"}]"#)
        let check = try MLCProcess.run(["check", bad])
        XCTAssertEqual(check.status, 1, check.stdout)
        XCTAssertTrue(check.stdout.contains("ok   items"), check.stdout)
        XCTAssertTrue(
            check.stdout.contains("FAIL suppliers: ") && check.stdout.contains("Invalid filter"), check.stdout)
        XCTAssertTrue(check.stdout.contains("$.source.entities[1].filter"), check.stdout)

        let wrongConfig = try h.manifest(
            #"["items", "suppliers"]"#, source: ["mongooseConfig": "ACME_TST_NOPE"], name: "config.json")
        let grouped = try MLCProcess.run(["check", wrongConfig])
        XCTAssertEqual(grouped.status, 1)
        XCTAssertTrue(grouped.stdout.contains("FAIL items, suppliers: "), grouped.stdout)
        XCTAssertTrue(grouped.stdout.contains("source.mongooseConfig"), grouped.stdout)
    }

    /// A value that does not parse is caught once, at the source, naming the IDO, the property and the text.
    func testAValueThatDoesNotParseIsParkedWithItsPropertyAndText() throws {
        let h = try SandboxHarness()
        _ = try h.admin("POST", "/admin/mutate", ["entity": "ap_invoices", "row": 3, "set": ["amount": "12,50"]])
        // An empty amount is no amount, not a malformed one: the record loads, null in its column.
        _ = try h.admin("POST", "/admin/mutate", ["entity": "ap_invoices", "row": 5, "set": ["amount": ""]])
        let m = try h.manifest(#"["ap_invoices"]"#)
        let result = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        let shown = try MLCProcess.run(["state", "show", m]).stdout
        XCTAssertTrue(shown.contains("IDO SLAptrxps") && shown.contains("InvAmt '12,50' is not a decimal"), shown)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 399)
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM mlc_audit WHERE result = 'rejected'")[0][0].int, 1,
            "the parked record has its audit row")
        XCTAssertEqual(
            try h.warehouse.query(
                "SELECT count(*) FROM ap_invoices WHERE InvAmt IS NULL AND json_extract(_raw, '$.InvAmt') = ''")[0][0]
                .int, 1, "null in the column, the empty text as sent in _raw")
    }
}
