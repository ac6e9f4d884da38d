import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// In canonical columns a transform names the canonical column; the product field it came from is cleaned in
/// `_raw` too, so a hashed, masked or dropped value never stays there in clear.
final class CanonicalPrivacyTests: XCTestCase {
    func testHashMaskAndDropCleanTheProductFieldInRaw() throws {
        let h = try SandboxHarness()
        let path = try h.manifest(#"["suppliers"]"#, source: ["columns": .null])
        let transforms = #"""
            [{"type": "hash", "entity": "suppliers", "fields": ["tax_id"]},
             {"type": "mask", "entity": "suppliers", "fields": ["email"], "keepLast": 4},
             {"type": "rename", "entity": "suppliers", "fields": {"city": "town"}},
             {"type": "drop", "entity": "suppliers", "fields": ["town"], "raw": true}]
            """#
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: #""pipeline": {"#, with: #""transforms": \#(transforms), "pipeline": {"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try MLCProcess.run(["run", path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let truth = Dictionary(uniqueKeysWithValues: try h.truth("SLVendors").map { ($0["VendNum"]!.stringValue!, $0) })
        var checked = 0
        for row in try h.warehouse.query("SELECT supplier_id, tax_id, email, _raw FROM suppliers") {
            let native = truth[row[0].text!]!
            let raw = try JSONParser.parse(row[3].text!)
            if let tax = native["TaxRegNum1"]?.stringValue {
                XCTAssertNotEqual(row[1].text, tax, "the column is hashed")
                XCTAssertEqual(
                    raw["TaxRegNum1"]?.stringValue, row[1].text, "_raw holds the same digest, not the VAT number")
                checked += 1
            }
            if let email = native["ExternalEmailAddr"]?.stringValue, email.count > 4 {
                XCTAssertFalse(raw["ExternalEmailAddr"]?.stringValue?.contains(email) ?? true, "masked in _raw")
            }
            XCTAssertNil(raw["VadCity"], "a dropped column's product field leaves _raw, even after a rename")
        }
        XCTAssertGreaterThan(checked, 50)
    }
}
