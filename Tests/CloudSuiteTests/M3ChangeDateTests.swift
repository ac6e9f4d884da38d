import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// M3's entities without key paging: items selected by change-date windows (`MMS200MI/LstItmByChgDate`) and
/// the ledger and order tables read with `EXPORTMI/Select` by their `LMDT`, against the sandbox's M3.
final class M3ChangeDateTests: XCTestCase {
    func testOnlyRowsChangedSinceTheLastRunAreWrittenAndPaymentsAreNotInvoices() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["items", "ap_invoices", "purchase_order_lines"]"#, line: .m3)
        let first = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        // The ledger serves each paid invoice's payment too (transaction code 50): only the invoices load.
        let invoices = try h.truth("ap_invoices").count
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, Int64(invoices))
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices WHERE EPCUAM < 0")[0][0].int, 0)

        _ = try h.admin("POST", "/admin/mutate", ["entity": "items", "row": 3, "set": ["description": "Neu, Ø 8"]])
        _ = try h.admin("POST", "/admin/mutate", ["entity": "ap_invoices", "row": 7, "set": ["amount": "12.34"]])
        let second = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertEqual(try SandboxHarness.entry(second, "items")?["written"], .number("1"), second.stdout)
        XCTAssertEqual(try SandboxHarness.entry(second, "ap_invoices")?["written"], .number("1"), second.stdout)
        XCTAssertEqual(
            try SandboxHarness.entry(second, "purchase_order_lines")?["written"], .number("0"), second.stdout)
        XCTAssertEqual(
            try h.warehouse.query("SELECT ITDS FROM items WHERE ITNO = 'IT000003'")[0][0].text, "Neu, Ø 8")
        XCTAssertEqual(
            try h.warehouse.query("SELECT EPCUAM FROM ap_invoices WHERE EPVONO = '100007'")[0][0].text, "12.34")
    }

    func testALedgerRowHoldingTheSeparatorIsParkedUnshiftedAndAnotherSeparatorReadsIt() throws {
        let h = try SandboxHarness()
        _ = try h.admin(
            "POST", "/admin/mutate", ["entity": "ap_invoices", "row": 4, "set": ["invoice_number": "INV|42"]])
        let m = try h.manifest(#"["ap_invoices"]"#, line: .m3)
        let first = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(first.status, 3, "partial: one record parked; " + first.stdout + first.stderr)
        XCTAssertEqual(try SandboxHarness.entry(first, "ap_invoices")?["parked"], .number("1"), first.stdout)
        let reason = try h.warehouse.query("SELECT error FROM mlc_audit WHERE result = 'rejected'")
        XCTAssertEqual(reason.count, 1)
        XCTAssertTrue(reason[0][0].text?.contains("set source.exportSeparator") ?? false, "\(reason)")
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices WHERE EPVONO = '100004'")[0][0].int, 0)

        let fixed = try h.manifest(#"["ap_invoices"]"#, source: ["exportSeparator": "~"], line: .m3)
        let second = try MLCProcess.run(["run", fixed, "--log-format", "json"])
        XCTAssertEqual(
            try h.warehouse.query("SELECT EPSINO FROM ap_invoices WHERE EPVONO = '100004'").first?[0].text, "INV|42",
            second.stdout + second.stderr)
    }
}
