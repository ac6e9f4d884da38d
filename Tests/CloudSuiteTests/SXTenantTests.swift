import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// Distribution tenants differ where the reference is unconfirmed: the service path and call-name casing, the
/// operator's password, FetchWhere's answer, and which companies an operator may read.
final class SXTenantTests: XCTestCase {
    func testCamelCaseCallsUnderWebAreReadWithTheirSettings() throws {
        let h = try SandboxHarness {
            $0.sxe.servicePath = "web"
            $0.sxe.camelCase = true
        }
        let failing = try MLCProcess.run(["run", try h.manifest(#"["suppliers"]"#, line: .sxe)])
        XCTAssertNotEqual(failing.status, 0)
        let text = failing.stdout + failing.stderr
        XCTAssertTrue(text.contains("HTTP 404") && text.contains("SX"), text)
        let m = try h.manifest(
            #"["suppliers", "ap_invoices"]"#, source: ["servicePath": "web", "callCase": "camel"], line: .sxe)
        let run = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(
            try SandboxHarness.entry(run, "suppliers")?["written"], .number(String(try h.truth("suppliers").count)))
        XCTAssertEqual(
            try SandboxHarness.entry(run, "ap_invoices")?["written"], .number(String(try h.truth("ap_invoices").count)))
    }

    func testTheOperatorPasswordIsASecretNeverShownAndAWrongOneIsAClearError() throws {
        let password = "Op-Pa55-w0rd-xyzzy"
        let h = try SandboxHarness { $0.sxe.operatorPassword = password }
        let wrong = try MLCProcess.run(
            ["run", try h.manifest(#"["suppliers"]"#, line: .sxe)], environment: ["SX_PASS": "not-it"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(
            (wrong.stdout + wrong.stderr).contains("Invalid Operator or Password")
                && (wrong.stdout + wrong.stderr).contains("set source.operatorInit and source.operatorPassword"),
            wrong.stdout + wrong.stderr)
        let m = try h.manifest(#"["suppliers"]"#, source: ["operatorPassword": ["env": "SX_PASS"]], line: .sxe)
        let run = try MLCProcess.run(["run", m, "--log-format", "json"], environment: ["SX_PASS": password])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let state = try MLCProcess.run(["state", "show", m])
        for text in [run.stdout, run.stderr, state.stdout] { XCTAssertFalse(text.contains(password)) }
        let rows = try h.warehouse.query("SELECT _raw FROM suppliers").map { $0[0].text ?? "" }
        XCTAssertFalse(rows.contains { $0.contains(password) })
    }

    func testFetchWhereRereadsTheCursorsDayAndWritesOnlyTheChangedRow() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["ap_invoices"]"#, source: ["columns": .null], line: .sxe)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
        _ = try h.admin("POST", "/admin/mutate", ["entity": "ap_invoices", "row": 7, "set": ["amount": "12.34"]])
        let second = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertEqual(try SandboxHarness.entry(second, "ap_invoices")?["written"], .number("1"), second.stdout)
        XCTAssertEqual(
            try h.warehouse.query("SELECT amount FROM ap_invoices WHERE invoice_id = '100007'")[0][0].text, "12.34")
        // The where clause starts at the cursor's day (transdt holds no time), so the sandbox's rows, all of one
        // day, are read again; every one but the changed row is unchanged.
        let invoices = try h.truth("ap_invoices").count
        XCTAssertEqual(
            try SandboxHarness.entry(second, "ap_invoices")?["read"], .number(String(invoices)), second.stdout)
        XCTAssertEqual(
            try SandboxHarness.entry(second, "ap_invoices")?["unchanged"], .number(String(invoices - 1)), second.stdout)
    }

    func testTwoCompaniesLoadIntoOneTableAndAnUnknownOneIsRefused() throws {
        let h = try SandboxHarness { $0.sxe.companies = ["1", "2"] }
        let m = try h.manifest(
            #"["items", "ap_invoices"]"#, source: ["columns": .null, "companyNumber": [1, 2]], line: .sxe)
        let run = try MLCProcess.run(["run", m])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let items = Int64(try h.truth("items").count)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM items WHERE company = '2'")[0][0].int, items)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM items")[0][0].int, 2 * items)
        let refused = try MLCProcess.run(
            ["validate", try h.manifest(#"["items"]"#, source: ["companyNumber": "one"], name: "bad.json", line: .sxe)])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(
            refused.stderr.contains("companyNumber") && refused.stderr.contains("is a number"), refused.stderr)
    }

    func testAPInvoiceLinesAreRefusedWithTheAlternativeAndAnInvoiceWithoutPOHasNone() throws {
        let h = try SandboxHarness()
        let refused = try MLCProcess.run(["validate", try h.manifest(#"["ap_invoice_lines"]"#, line: .sxe)])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains(#"cloudsuite.sxe does not serve "ap_invoice_lines" yet"#), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("FetchWhere reads any table"), refused.stderr)
        let m = try h.manifest(#"["ap_invoices"]"#, source: ["columns": .null], name: "ap.json", line: .sxe)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
        let none = try h.truth("ap_invoices").filter { $0["po_number"] == .null }.count
        XCTAssertGreaterThan(none, 0)
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM ap_invoices WHERE po_number IS NULL")[0][0].int, Int64(none))
        let raw = try h.warehouse.query("SELECT _raw FROM ap_invoices WHERE po_number IS NULL LIMIT 1")[0][0].text ?? ""
        XCTAssertTrue(raw.contains(#""pono":0"#), "the 0 SX sent stays in _raw: \(raw)")
    }

    func testAFullFetchWhereBatchWithoutARestartIdStopsTheEntityAndNamesTheSetting() throws {
        let h = try SandboxHarness { $0.sxe.restartName = "NextRowId" }
        let m = try h.manifest(#"["ap_invoices"]"#, source: ["columns": .null], line: .sxe)
        let cut = try MLCProcess.run(["run", m])
        XCTAssertNotEqual(cut.status, 0)
        XCTAssertTrue(cut.stdout.contains("a full batch of 50 came without a restart row id"), cut.stdout)
        XCTAssertTrue(cut.stdout.contains("set source.fetchWhereRestart"), cut.stdout)
        XCTAssertEqual((try? h.warehouse.query("SELECT count(*) FROM ap_invoices"))?.first?[0].int ?? 0, 0)
        let named = try h.manifest(
            #"["ap_invoices"]"#, source: ["columns": .null, "fetchWhereRestart": "NextRowId"], line: .sxe)
        XCTAssertEqual(try MLCProcess.run(["run", named]).status, 0)
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, Int64(try h.truth("ap_invoices").count)
        )
    }
}
