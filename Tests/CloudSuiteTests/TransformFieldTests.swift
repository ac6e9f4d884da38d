import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// Nothing a manifest names is skipped: every field a transform names is checked at `validate` against the
/// entity's columns after overrides and earlier transforms, and `drop` with `"raw": true` blocks a column.
final class TransformFieldTests: XCTestCase {
    func manifest(
        _ h: SandboxHarness, entities: String = #"["suppliers"]"#, transforms: String, name: String
    ) throws -> String {
        let path = try h.manifest(entities, name: name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: #""pipeline": {"#, with: #""transforms": \#(transforms), "pipeline": {"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testATransformNamingAFieldTheEntityLacksIsRefusedAtValidate() throws {
        let h = try SandboxHarness()
        let typo = try manifest(
            h, transforms: #"[{"type": "mask", "entity": "suppliers", "fields": ["TaxRegNum"]}]"#, name: "typo.json")
        for command in ["validate", "run"] {
            let result = try MLCProcess.run([command, typo])
            XCTAssertEqual(result.status, 2, command)
            XCTAssertTrue(
                result.stderr.contains(#"$.transforms[0]: mask: entity suppliers has no field "TaxRegNum""#),
                result.stderr)
            XCTAssertTrue(result.stderr.contains(#"did you mean "TaxRegNum1"?"#), result.stderr)
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: h.dir + "/warehouse.sqlite"), "nothing was loaded unmasked")

        // Fields are checked after the entity's overrides and the earlier transforms.
        let narrowed = try manifest(
            h, entities: #"[{"name": "suppliers", "properties": ["VendNum", "Name"]}]"#,
            transforms: #"[{"type": "hash", "fields": ["TaxRegNum1"]}]"#, name: "narrowed.json")
        XCTAssertTrue(
            try MLCProcess.run(["validate", narrowed]).stderr.contains(
                #"hash: entity suppliers has no field "TaxRegNum1""#))
        let renamed = try manifest(
            h,
            transforms:
                #"[{"type": "rename", "fields": {"TaxRegNum1": "tax_id"}}, {"type": "mask", "fields": ["tax_id"]}]"#,
            name: "renamed.json")
        XCTAssertEqual(try MLCProcess.run(["validate", renamed]).status, 0)
        let stale = try manifest(
            h,
            transforms:
                #"[{"type": "rename", "fields": {"TaxRegNum1": "tax_id"}}, {"type": "drop", "fields": ["TaxRegNum1"]}]"#,
            name: "stale.json")
        XCTAssertTrue(
            try MLCProcess.run(["validate", stale]).stderr.contains(
                #"$.transforms[1]: drop: entity suppliers has no field "TaxRegNum1""#))
    }

    func testDropWithRawBlocksTheColumnEverywhere() throws {
        let h = try SandboxHarness()
        let m = try manifest(
            h, transforms: #"[{"type": "drop", "fields": ["TaxRegNum1", "ExternalEmailAddr"], "raw": true}]"#,
            name: "blocked.json")
        let run = try MLCProcess.run(["run", m])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let columns = try h.warehouse.query("SELECT name FROM pragma_table_info('suppliers')").compactMap { $0[0].text }
        XCTAssertFalse(columns.contains("TaxRegNum1") || columns.contains("ExternalEmailAddr"), "\(columns)")
        let raws = try h.warehouse.query("SELECT _raw FROM suppliers").compactMap { $0[0].text }
        XCTAssertEqual(raws.count, 120)
        for raw in raws {
            let object = try JSONParser.parse(raw)
            XCTAssertNil(object["TaxRegNum1"], raw)
            XCTAssertNil(object["ExternalEmailAddr"], raw)
            XCTAssertNotNil(object["VendNum"], raw)
            XCTAssertNotNil(object["_ItemId"], "the members kept are as sent: \(raw)")
        }
    }
}
