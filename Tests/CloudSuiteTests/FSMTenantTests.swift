import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// Financials tenants differ where the reference is unconfirmed: the update stamp's name, whether
/// `_lplFilter` takes ranges, the page links' names (or their absence), the fields a class has, and how
/// many companies answer.
final class FSMTenantTests: XCTestCase {
    func testAnotherStampNameIsReadInFullWithAWarningUntilTheSettingNamesIt() throws {
        let h = try SandboxHarness { $0.fsm.stampField = "LastUpdateStamp" }
        let rows = try h.truth("suppliers").count
        // A cursor field the tenant lacks: every row is loaded, every run, and the warning names the setting.
        let whole = try h.manifest(#"["suppliers"]"#, source: ["columns": .null], line: .fsm)
        try h.assertSuppliersReadInFullEveryRun(
            whole, warning: "has no field UpdateStamp, the entity's cursor: it is read in full every run")

        // Named, the tenant's field makes the reads incremental.
        let m = try h.manifest(
            #"["suppliers"]"#, source: ["updateStamp": "LastUpdateStamp", "columns": .null], line: .fsm)
        let named = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(named.status, 0, named.stdout + named.stderr)
        XCTAssertEqual(
            try SandboxHarness.entry(named, "suppliers")?["written"], .number(String(rows)), "each row gains its stamp")
        _ = try h.admin("POST", "/admin/mutate", ["entity": "suppliers", "row": 11, "set": ["name": "Zweite GmbH"]])
        let second = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(try SandboxHarness.entry(second, "suppliers")?["written"], .number("1"), second.stdout)
        XCTAssertLessThanOrEqual(
            try SandboxHarness.entry(second, "suppliers")?["requests"]?.intValue ?? 99, 1, second.stdout)
        XCTAssertEqual(
            try h.warehouse.query("SELECT name FROM suppliers WHERE supplier_id = 'V0000011'")[0][0].text, "Zweite GmbH"
        )
    }

    func testATenantRefusingRangeFiltersIsReadWholeWithStampFilterNone() throws {
        let h = try SandboxHarness { $0.fsm.rangeFilters = false }
        let orders = try h.truth("purchase_orders").count
        let m = try h.manifest(#"["purchase_orders"]"#, line: .fsm)
        // The first run asks for everything; the second asks from its cursor on, which this tenant refuses.
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0)
        let failing = try MLCProcess.run(["run", m])
        XCTAssertNotEqual(failing.status, 0)
        let text = failing.stdout + failing.stderr
        XCTAssertTrue(text.contains("operator >= is not supported"), text)
        XCTAssertTrue(text.contains(#"set source.stampFilter to "none""#), text)

        let whole = try h.manifest(#"["purchase_orders"]"#, source: ["stampFilter": "none"], line: .fsm)
        _ = try h.admin("POST", "/admin/mutate", ["entity": "purchase_orders", "row": 4, "set": ["status": "C"]])
        // The whole list again, and the warehouse keeps every unchanged row unchanged.
        let second = try MLCProcess.run(["run", whole, "--log-format", "json"])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertEqual(
            try SandboxHarness.entry(second, "purchase_orders")?["read"], .number(String(orders)), second.stdout)
        XCTAssertEqual(try SandboxHarness.entry(second, "purchase_orders")?["written"], .number("1"), second.stdout)
        XCTAssertEqual(
            try SandboxHarness.entry(second, "purchase_orders")?["unchanged"], .number(String(orders - 1)),
            second.stdout)
    }

    func testAFullPageWithoutANextLinkStopsTheEntityInsteadOfLosingRows() throws {
        let h = try SandboxHarness { $0.fsm.pageNav = false }
        let m = try h.manifest(#"["items"]"#, source: ["pageSize": 50], line: .fsm)
        let run = try MLCProcess.run(["run", m])
        XCTAssertNotEqual(run.status, 0)
        let text = run.stdout + run.stderr
        XCTAssertTrue(text.contains("a full page of 50 came without a next link"), text)
        XCTAssertTrue(text.contains("set source.pageLinks"), text)
        // Nothing of the cut list is taken for the whole (its cursor would pass rows never read).
        XCTAssertEqual((try? h.warehouse.query("SELECT count(*) FROM items"))?.first?[0].int ?? 0, 0)
    }

    func testLinksUnderAnotherNameAreFollowedWithPageLinks() throws {
        let h = try SandboxHarness { $0.fsm.nextLink = "nextPage" }
        let items = try h.truth("items").count
        let m = try h.manifest(#"["items"]"#, source: ["pageSize": 50], line: .fsm)
        let cut = try MLCProcess.run(["run", m])
        XCTAssertNotEqual(cut.status, 0, "without the name, a full first page must not pass for the whole list")
        let named = try h.manifest(#"["items"]"#, source: ["pageSize": 50, "pageLinks": ["nextPage"]], line: .fsm)
        let run = try MLCProcess.run(["run", named, "--log-format", "json"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try SandboxHarness.entry(run, "items")?["written"], .number(String(items)), run.stdout)
    }

    func testAFieldTheClassLacksIsAWarningAndDiscoverShowsTheClass() throws {
        let h = try SandboxHarness { $0.fsm.lacking = ["TaxID"] }
        let m = try h.manifest(#"["suppliers"]"#, source: ["columns": .null], line: .fsm)
        let run = try MLCProcess.run(["run", m])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue((run.stdout + run.stderr).contains("has no TaxID"), run.stdout + run.stderr)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM suppliers WHERE tax_id IS NOT NULL")[0][0].int, 0)
        let found = try MLCProcess.run(["discover", m])
        XCTAssertEqual(found.status, 0, found.stdout + found.stderr)
        let entry = try JSONParser.parse(found.stdout).arrayValue?.first
        XCTAssertEqual(entry?["missing"], .array(["TaxID"]), found.stdout)
        XCTAssertTrue(entry?["mapped"]?.arrayValue?.contains("VendorName") ?? false, found.stdout)
    }

    func testEveryCompanysRowsShareOneTableAndCompanyFilterNarrowsThem() throws {
        let h = try SandboxHarness { $0.fsm.companies = ["10", "20"] }
        let invoices = Int64(try h.truth("ap_invoices").count)
        let all = try h.manifest(#"["ap_invoices"]"#, line: .fsm)
        let run = try MLCProcess.run(["run", all])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM ap_invoices WHERE company = '20'")[0][0].int, invoices)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 2 * invoices)

        let h2 = try SandboxHarness { $0.fsm.companies = ["10", "20"] }
        let one = try h2.manifest(#"["ap_invoices"]"#, source: ["companyFilter": "20"], line: .fsm)
        let narrowed = try MLCProcess.run(["run", one])
        XCTAssertEqual(narrowed.status, 0, narrowed.stdout + narrowed.stderr)
        XCTAssertEqual(try h2.warehouse.query("SELECT DISTINCT company FROM ap_invoices").map { $0[0].text }, ["20"])
        XCTAssertEqual(try h2.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, invoices)
    }
}
