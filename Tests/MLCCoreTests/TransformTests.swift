import MLCTestKit
import MLCTransforms
import XCTest

@testable import MLCCore

final class TransformTests: XCTestCase {
    let context = ConnectorContext(manifestDirectory: "/", secrets: SecretResolver(manifestDirectory: "/"), log: .quiet)

    func make(_ type: any TransformConnector.Type, _ config: JSON) throws -> any Transform {
        try type.makeTransform(config: config, context: context)
    }

    func record(_ fields: Fields, raw: String = "{}") -> Record {
        Record(entity: "gl", key: "1", modifiedAt: nil, fields: fields, raw: raw)
    }

    func testGLSegmentsSplitTheAccountString() throws {
        let t = try make(
            GLSegmentsTransform.self,
            ["field": "account", "separator": "-", "names": ["company", "account_no", "cost_center"]])
        var r = record(["account": .string("100-4000-CC10")])
        try t.apply(&r)
        XCTAssertEqual(r.fields["company"], .string("100"))
        XCTAssertEqual(r.fields["account_no"], .string("4000"))
        XCTAssertEqual(r.fields["cost_center"], .string("CC10"))
        var short = record(["account": .string("100")])
        try t.apply(&short)
        XCTAssertEqual(short.fields["account_no"], .null)
        var long = record(["account": .string("100-4000-CC10-X9")])
        try t.apply(&long)
        XCTAssertEqual(long.fields["cost_center"], .string("CC10-X9"), "extra segments are kept, never cut off")
        var gaps = record(["account": .string("-4000-")])
        try t.apply(&gaps)
        XCTAssertEqual(
            [gaps.fields["company"], gaps.fields["account_no"], gaps.fields["cost_center"]],
            [.null, .string("4000"), .null], "empty segments are null")
        var missing = record(["account": .null])
        try t.apply(&missing)
        XCTAssertEqual(missing.fields["company"], .null)

        let wide = try make(
            GLSegmentsTransform.self, ["field": "account", "separator": "::", "names": ["unit", "dept"]])
        var w = record(["account": .string("Zürich::Fertigung::Süd")])
        try wide.apply(&w)
        XCTAssertEqual(w.fields["unit"], .string("Zürich"))
        XCTAssertEqual(w.fields["dept"], .string("Fertigung::Süd"), "a several-character separator, non-ASCII text")
        let schema = try t.transform(
            schema: EntitySchema(
                name: "gl", columns: [.init("account", .string)], primaryKey: ["account"], cursorField: nil))
        XCTAssertEqual(schema.columns.map(\.name), ["account", "company", "account_no", "cost_center"])
    }

    func testRenameDropCastConstantDerive() throws {
        var r = record(["a": .string("1"), "b": .string("x"), "c": .string("2.50")])
        try make(RenameTransform.self, ["fields": ["a": "id"]]).apply(&r)
        try make(DropTransform.self, ["fields": ["b"]]).apply(&r)
        try make(CastTransform.self, ["field": "c", "to": "decimal"]).apply(&r)
        try make(ConstantTransform.self, ["field": "source_system", "value": "CSI-PRD"]).apply(&r)
        try make(DeriveTransform.self, ["field": "doc", "template": "{id}/{c}"]).apply(&r)
        XCTAssertEqual(
            r.fields,
            ["id": .string("1"), "c": .decimal("2.50"), "source_system": .string("CSI-PRD"), "doc": .string("1/2.50")])
        XCTAssertThrowsError(
            try make(DropTransform.self, ["fields": ["id"]]).transform(
                schema: EntitySchema(name: "x", columns: [.init("id", .string)], primaryKey: ["id"], cursorField: nil)))
    }

    func testMaskAndHashScrubTheRawObjectToo() throws {
        let raw = #"{"id":"1","tax_id":"DE123456789","nested":{"tax_id":"keep"},"name":"Müller"}"#
        var masked = record(["tax_id": .string("DE123456789")], raw: raw)
        try make(MaskTransform.self, ["fields": ["tax_id"], "keepLast": 4]).apply(&masked)
        XCTAssertEqual(masked.fields["tax_id"], .string("*******6789"))
        XCTAssertEqual(masked.raw, #"{"id":"1","tax_id":"*******6789","nested":{"tax_id":"keep"},"name":"Müller"}"#)

        var hashed = record(["tax_id": .string("DE123456789")], raw: raw)
        try make(HashTransform.self, ["fields": ["tax_id"]]).apply(&hashed)
        // sha256("DE123456789"), checked with `printf DE123456789 | sha256sum`
        let digest = hashed.fields["tax_id"]!.text!
        XCTAssertEqual(digest, "e33be0711fabcde2180e90a07c1a226f6aa74d9d4c19621c9562193d6c1f5da1")
        XCTAssertFalse(hashed.raw.contains("DE123456789"))
        XCTAssertTrue(hashed.raw.contains(digest))

        // The tenant spells the member in another case than the manifest: it is scrubbed all the same.
        var otherCase = record(["tax_id": .string("DE123456789")], raw: #"{"id":"1","TAX_ID":"DE123456789"}"#)
        try make(MaskTransform.self, ["fields": ["tax_id"]]).apply(&otherCase)
        XCTAssertEqual(otherCase.raw, #"{"id":"1","TAX_ID":"***********"}"#)
        var dropped = record(
            ["tax_id": .string("DE123456789")], raw: #"{"id":"1", "Tax_Id":"DE123456789", "name":"a"}"#)
        try make(DropTransform.self, ["fields": ["tax_id"], "raw": true]).apply(&dropped)
        XCTAssertEqual(dropped.raw, #"{"id":"1","name":"a"}"#)
    }
}
