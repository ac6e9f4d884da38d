import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// LN tenants differ where the reference is unconfirmed: the modified property's name, the properties a
/// service has, the companies it is activated for, and whether a finance set exists at all.
final class LNTenantTests: XCTestCase {
    func testAnotherModifiedPropertyIsReadInFullWithAWarningUntilTheSettingNamesIt() throws {
        let h = try SandboxHarness { $0.ln.modifiedProperty = "LastModificationDate" }
        let rows = try h.truth("suppliers").count
        // A cursor field the tenant lacks: every row is loaded, every run, and the warning names the setting.
        let whole = try h.manifest(#"["suppliers"]"#, source: [:], line: .ln)
        try h.assertSuppliersReadInFullEveryRun(
            whole, warning: "has no property LastModifiedDateTime, the entity's cursor: it is read in full every run")

        // Named, the tenant's field makes the reads incremental.
        let m = try h.manifest(#"["suppliers"]"#, source: ["modifiedProperty": "LastModificationDate"], line: .ln)
        let named = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(named.status, 0, named.stdout + named.stderr)
        XCTAssertEqual(
            try SandboxHarness.entry(named, "suppliers")?["written"], .number(String(rows)), "each row gains its stamp")
        _ = try h.admin("POST", "/admin/mutate", ["entity": "suppliers", "row": 11, "set": ["name": "Zweite GmbH"]])
        let second = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(try SandboxHarness.entry(second, "suppliers")?["written"], .number("1"), second.stdout)
        XCTAssertLessThanOrEqual(
            try SandboxHarness.entry(second, "suppliers")?["requests"]?.intValue ?? 99, 1, second.stdout)
    }

    /// A row edited during a read moves to the end of the modified order; paging by `$skip` would then skip the
    /// row that slid into its place. Paging after the last row read, by modified date and key, shifts nothing.
    func testARowEditedDuringTheReadShiftsNoOtherRowOutOfIt() throws {
        let h = try SandboxHarness { $0.ln.editDuringRead = true }
        let m = try h.manifest(#"["suppliers"]"#, source: ["pageSize": 10], line: .ln)
        let run = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let rows = try h.truth("suppliers").count
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM suppliers")[0][0].int, Int64(rows))
        XCTAssertEqual(
            try SandboxHarness.entry(run, "suppliers")?["read"], .number(String(rows + 1)), "the edited row twice")
    }

    func testAPropertyTheServiceLacksIsAWarningAndDiscoverShowsTheSet() throws {
        let h = try SandboxHarness { $0.ln.lacking = ["TaxNumber"] }
        let m = try h.manifest(#"["suppliers"]"#, source: ["columns": .null], line: .ln)
        let run = try MLCProcess.run(["run", m])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue((run.stdout + run.stderr).contains("has no TaxNumber"), run.stdout + run.stderr)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM suppliers WHERE tax_id IS NOT NULL")[0][0].int, 0)
        let found = try MLCProcess.run(["discover", m])
        XCTAssertEqual(found.status, 0, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("TaxNumber") && found.stdout.contains("BusinessPartner"), found.stdout)
    }

    func testSeveralCompaniesAreReadWithTheirHeaderIntoOneTable() throws {
        let h = try SandboxHarness { $0.ln.companies = ["1000", "2000"] }
        let m = try h.manifest(#"["items"]"#, source: ["columns": .null, "lnCompany": ["1000", "2000"]], line: .ln)
        let run = try MLCProcess.run(["run", m])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let items = Int64(try h.truth("items").count)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM items WHERE company = '2000'")[0][0].int, items)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM items")[0][0].int, 2 * items)
    }

    func testAPInvoicesAreRefusedWithTheAlternatives() throws {
        let h = try SandboxHarness()
        let refused = try MLCProcess.run(["validate", try h.manifest(#"["suppliers", "ap_invoices"]"#, line: .ln)])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains(#"cloudsuite.ln does not serve "ap_invoices" yet"#), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("REST API Modeler"), refused.stderr)
        let spec = try JSONParser.parse(try MLCProcess.run(["spec", "cloudsuite.ln"]).stdout)
        XCTAssertNotNil(spec["unserved"]?["ap_invoice_lines"]?.stringValue)
    }
}
