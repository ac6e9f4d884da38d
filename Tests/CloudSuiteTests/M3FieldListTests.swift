import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// M3 tenants differ in the fields their release has: `MRS001MI/LstFields` says which, once per list per run.
final class M3FieldListTests: XCTestCase {
    func testAFieldTheTenantLacksIsAWarningAndItsColumnStaysNull() throws {
        let h = try SandboxHarness { $0.m3.lacking = ["TINO"] }
        let m = try h.manifest(#"["suppliers", "customers"]"#, source: ["columns": .null], line: .m3)
        let result = try MLCProcess.run(["run", m])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue((result.stdout + result.stderr).contains("CRS620MI/LstSuppliers has no TINO"), result.stderr)
        let suppliers = try h.truth("suppliers").count
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM suppliers")[0][0].int, Int64(suppliers))
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM suppliers WHERE tax_id IS NOT NULL")[0][0].int, 0)
        XCTAssertGreaterThan(
            try h.warehouse.query("SELECT count(*) FROM suppliers WHERE name IS NOT NULL")[0][0].int ?? 0, 0)
    }

    func testDiscoverListsTheTenantsFieldsAndSaysWhenMRS001MIIsNotAllowed() throws {
        let h = try SandboxHarness { $0.m3.lacking = ["TINO"] }
        let m = try h.manifest(#"["suppliers", "ap_invoices"]"#, line: .m3)
        let found = try MLCProcess.run(["discover", m])
        XCTAssertEqual(found.status, 0, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("TINO"), "the missing field is named: " + found.stdout)
        XCTAssertTrue(found.stdout.contains("SUNM"), found.stdout)

        let refused = try SandboxHarness { $0.m3.fieldLists = false }
        let result = try MLCProcess.run(["run", try refused.manifest(#"["suppliers"]"#, line: .m3)])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(
            (result.stdout + result.stderr).contains("Not authorized to program MRS001MI"),
            result.stdout + result.stderr)
    }
}
