import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// LN tenants differ where the reference is unconfirmed: the modified property's name, the properties a
/// service has, the companies it is activated for, and whether a finance set exists at all.
final class LNTenantTests: XCTestCase {
    func testAnotherModifiedPropertyFailsWithTheSettingThatFixesItAndThenReadsIncrementally() throws {
        let h = try SandboxHarness { $0.ln.modifiedProperty = "LastModificationDate" }
        let failing = try MLCProcess.run(["run", try h.manifest(#"["suppliers"]"#, line: .ln)])
        XCTAssertNotEqual(failing.status, 0)
        let text = failing.stdout + failing.stderr
        XCTAssertTrue(text.contains("has no property LastModifiedDateTime, the entity's cursor"), text)

        let m = try h.manifest(#"["suppliers"]"#, source: ["modifiedProperty": "LastModificationDate"], line: .ln)
        let first = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        XCTAssertEqual(
            try SandboxHarness.entry(first, "suppliers")?["written"], .number(String(try h.truth("suppliers").count)))
        _ = try h.admin("POST", "/admin/mutate", ["entity": "suppliers", "row": 9, "set": ["name": "Neu GmbH"]])
        let second = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(try SandboxHarness.entry(second, "suppliers")?["written"], .number("1"), second.stdout)
        XCTAssertLessThanOrEqual(
            try SandboxHarness.entry(second, "suppliers")?["requests"]?.intValue ?? 99, 1, second.stdout)
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
