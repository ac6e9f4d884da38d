import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// `mlc spec` shows each catalog entity in canonical columns, where each column comes from, and which
/// canonical columns the line leaves null; `columns` picks the warehouse's names.
final class CanonicalSpecTests: XCTestCase {
    func testSpecListsCanonicalColumnsTheirOriginsAndTheUnfilledOnes() throws {
        let result = try MLCProcess.run(["spec", "cloudsuite.syteline"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let catalog = try JSONParser.parse(result.stdout)["catalog"]?.arrayValue ?? []
        let suppliers = try XCTUnwrap(catalog.first { $0["name"]?.stringValue == "suppliers" })
        let columns = suppliers["columns"]?.arrayValue ?? []
        XCTAssertEqual(
            columns.compactMap { $0["name"]?.stringValue },
            CanonicalSchema.entity(named: "suppliers")!.columns.map(\.name))
        XCTAssertEqual(suppliers["primaryKey"], ["company", "supplier_id"], "the company leads the key")
        let name = columns.first { $0["name"]?.stringValue == "name" }
        XCTAssertEqual(name?["description"]?.stringValue, "the supplier's name (from Name)")
        XCTAssertEqual(suppliers["unfilled"], ["created_at"])
        let units = try XCTUnwrap(catalog.first { $0["name"]?.stringValue == "unit_codes_2" })
        XCTAssertTrue(
            units["columns"]?.arrayValue?.contains {
                $0["description"]?.stringValue?.hasSuffix("(always \"2\")") == true
            }
                == true)
    }

    func testColumnsBothKeepsTheProductsNamesBesideTheCanonicalOnes() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["suppliers"]"#, source: ["columns": "both"])
        let run = try MLCProcess.run(["run", m])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let rows = try h.warehouse.query(
            #"SELECT supplier_id, "VendNum", name, "Name_native", company FROM suppliers WHERE supplier_id = 'V0000003'"#
        )
        let truth = try h.truth("SLVendors")[3]
        XCTAssertEqual(rows.first?[0].text, "V0000003")
        XCTAssertEqual(rows.first?[1].text, "V0000003")
        XCTAssertEqual(rows.first?[2].text, truth["Name"]?.stringValue)
        XCTAssertEqual(rows.first?[3].text, truth["Name"]?.stringValue, "a native name folding onto a canonical one")
        XCTAssertEqual(rows.first?[4].text, h.sandbox.options.mongooseConfig, "company defaults to the configuration")
        let invalid = try MLCProcess.run(["validate", try h.manifest(#"["suppliers"]"#, source: ["columns": "mixed"])])
        XCTAssertEqual(invalid.status, 2)
        XCTAssertTrue(invalid.stderr.contains("$.source.columns"), invalid.stderr)
    }

    func testATableWrittenInNativeNamesIsNotHalfMigratedToCanonical() throws {
        let h = try SandboxHarness()
        XCTAssertEqual(try MLCProcess.run(["run", try h.manifest(#"["ap_invoices"]"#)]).status, 0)
        let canonical = try MLCProcess.run([
            "run", try h.manifest(#"["ap_invoices"]"#, source: ["columns": .null], name: "c.json"),
        ])
        XCTAssertNotEqual(canonical.status, 0)
        XCTAssertTrue(
            canonical.stdout.contains("table ap_invoices exists without the key columns company, invoice_id"),
            canonical.stdout)
        XCTAssertTrue(canonical.stdout.contains(#""columns": "native""#), canonical.stdout)
        XCTAssertEqual(
            try h.warehouse.query(#"SELECT count(*) FROM mlc_columns WHERE name = 'invoice_id'"#)[0][0].int, 0,
            "nothing added to the old table")
    }
}
