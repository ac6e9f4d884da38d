import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// Several M3 companies in one pipeline: each entity is read once per `cono`, every company's rows in the same
/// table, told apart by the company in their key.
final class M3CompaniesTests: XCTestCase {
    func written(_ result: MLCProcess.Result, _ entity: String) throws -> JSON? {
        try JSONParser.parse(result.stdout)["entities"]?.arrayValue?.first { $0["entity"]?.stringValue == entity }?[
            "written"]
    }

    func count(_ h: SandboxHarness, _ sql: String) throws -> Int64 { try h.warehouse.query(sql)[0][0].int ?? -1 }

    func testEveryCompanyIsReadIntoOneTableAndOnlyChangedRowsAreWrittenAgain() throws {
        let h = try SandboxHarness { $0.m3.otherCompanies = ["200"] }
        let m = try h.manifest(
            #"["suppliers", "items", "ap_invoices", {"name": "gl_accounts", "cono": "200"}]"#,
            source: ["columns": .null, "cono": ["100", "200"]], line: .m3)
        let first = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        for entity in ["suppliers", "items", "ap_invoices"] {
            let truth = Int64(try h.truth(entity).count)
            XCTAssertEqual(try count(h, "SELECT count(*) FROM \(entity)"), 2 * truth, entity)
            XCTAssertEqual(try count(h, "SELECT count(*) FROM \(entity) WHERE company = '200'"), truth, entity)
        }
        XCTAssertEqual(
            try count(h, "SELECT count(*) FROM gl_accounts WHERE company <> '200'"), 0, "the entity's own cono")

        // The cursor moved once both companies were read, to the newest change date they share.
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        let cursor = state["cursors"]?.arrayValue?.first { $0["entity"]?.stringValue == "items" }?["cursor"]
        let newest = try h.truth("items").compactMap { $0["modified_at"]?.stringValue }.max()!
        XCTAssertEqual(
            cursor?["modifiedAt"]?.stringValue?.prefix(10), newest.prefix(10), "\(String(describing: cursor))")

        _ = try h.admin("POST", "/admin/mutate", ["entity": "items", "row": 3, "set": ["description": "Neu"]])
        let second = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertEqual(try written(second, "items"), .number("2"), "the item in both companies: " + second.stdout)
        XCTAssertEqual(try written(second, "ap_invoices"), .number("0"), second.stdout)
        XCTAssertEqual(try count(h, "SELECT count(*) FROM items WHERE description = 'Neu'"), 2)
    }

    func testACompanyListThatCannotBeReadIsRefusedWithItsPath() throws {
        let h = try SandboxHarness()
        for (cono, words) in [
            (JSON.array([]), "expected a company number or a list of them"),
            (["100", "100"], "a company is listed twice"),
        ] {
            let m = try h.manifest(#"["suppliers"]"#, source: ["cono": cono], line: .m3)
            let result = try MLCProcess.run(["validate", m])
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains("$.source.cono"), result.stderr)
            XCTAssertTrue(result.stderr.contains(words), result.stderr)
        }
        let merged = try h.manifest(#"["suppliers"]"#, source: ["cono": ["100", "200"], "company": "ACME"], line: .m3)
        let result = try MLCProcess.run(["validate", merged])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("would merge their rows"), result.stderr)
    }
}
