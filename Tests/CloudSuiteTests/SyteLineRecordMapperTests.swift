import MLCCore
import XCTest

@testable import CloudSuite
@testable import CloudSuiteSyteLine

/// Values are typed once, where they enter; a record that cannot be typed is refused with its reason; the
/// columns come out in the names the `columns` setting chose.
final class SyteLineRecordMapperTests: XCTestCase {
    let entity = SyteLineCatalog.entities.first { $0.name == "ap_invoices" }!

    func mapper(_ columns: ColumnsMode = .native, offset: Double = 0) -> IONRecordMapper {
        IONRecordMapper(
            entity: entity, spellings: entity.requestedFields, line: SyteLineLine(),
            window: IncrementalWindow(lookback: 0, settle: 0, offsetSeconds: offset), columns: columns,
            company: "ACME_SITE1")
    }

    func map(_ text: String, _ columns: ColumnsMode = .native) throws -> Result<Record, IONRecordMapper.Fault> {
        mapper(columns).record(
            IONItem(json: try JSONParser.parse(Array(text.utf8)), raw: text, validUTF8: true), place: "")
    }

    func testEveryDateFormAndTheItemIdFallbackGiveTheSameInstant() throws {
        let expected = Timestamp(parsing: "2024-03-11T14:02:44.003Z")!
        for form in ["20240311 14:02:44.003", "2024-03-11 14:02:44.003", "2024-03-11T14:02:44.003"] {
            let record = try map(
                #"{"Voucher": "1", "RecordDate": "\#(form)", "InvDate": "\#(form)", "InvAmt": "12.50"}"#
            ).get()
            XCTAssertEqual(record.modifiedAt, expected, form)
            XCTAssertEqual(record.fields["InvDate"], .timestamp(expected), form)
            XCTAssertEqual(record.fields["InvAmt"], .decimal("12.50"))
        }
        // No RecordDate in the item: Mongoose's _ItemId carries the same modified-at.
        let fallback = try map(
            #"{"Voucher": "1", "_ItemId": "PBT=[aptrxp] aptrxp.DT=[20240311 14:02:44.003] aptrxp.ID=[x]"}"#
        ).get()
        XCTAssertEqual(fallback.modifiedAt, expected)
    }

    func testUntypableRecordsAreRefusedWithIDOPropertyAndText() throws {
        func reason(_ text: String) throws -> String? {
            if case .failure(let f) = try map(text) { return f.rejected.reason }
            return nil
        }
        XCTAssertEqual(
            try reason(#"{"Voucher": "7", "RecordDate": "20240311 14:02:44", "InvAmt": "12,50"}"#),
            "IDO SLAptrxps, record 7: InvAmt '12,50' is not a decimal")
        XCTAssertEqual(
            try reason(#"{"Voucher": "7", "RecordDate": "11/03/2024"}"#),
            "IDO SLAptrxps, record 7: RecordDate '11/03/2024' is not a date-time (cursor)")
        XCTAssertEqual(
            try reason(#"{"Voucher": "7"}"#),
            "IDO SLAptrxps, record 7: RecordDate is missing (and _ItemId carries no date)")
        XCTAssertEqual(
            try reason(#"{"Voucher": "", "RecordDate": "20240311 14:02:44"}"#),
            "IDO SLAptrxps, record without key: key property Voucher is missing or empty")
        XCTAssertNotNil(try reason(#"["not", "an", "object"]"#)?.contains("the item is not an object"))
    }

    func testCanonicalAndBothLayouts() throws {
        let text =
            #"{"Voucher": "7", "VendNum": "V1", "RecordDate": "20240311 14:02:44", "InvAmt": "12.50", "ApAcct": "20100", "Txt": "Prüfung"}"#
        let canonical = try map(text, .canonical).get()
        let names = CanonicalSchema.entity(named: "ap_invoices")!.columns.map(\.name)
        XCTAssertEqual(canonical.fields.names, names, "exactly the canonical columns, in the schema's order")
        XCTAssertEqual(canonical.fields["company"], .string("ACME_SITE1"))
        XCTAssertEqual(canonical.fields["invoice_id"], .string("7"))
        XCTAssertEqual(canonical.fields["amount"], .decimal("12.50"))
        XCTAssertEqual(canonical.fields["description"], .string("Prüfung"))
        XCTAssertEqual(canonical.fields["created_at"], .null, "a column SyteLine's catalog cannot fill stays null")
        XCTAssertEqual(canonical.fields["modified_at"], .timestamp(Timestamp(parsing: "2024-03-11T14:02:44Z")!))
        XCTAssertEqual(canonical.key, "ACME_SITE1|7", "the company leads the product's key in canonical names")
        XCTAssertEqual(try map(text, .native).get().key, "7", "native names keep the product's key as it is")
        XCTAssertEqual(canonical.raw, text, "_raw keeps the product's object as sent")
        XCTAssertEqual(entity.schema(.canonical).primaryKey, ["company", "invoice_id"])
        XCTAssertEqual(entity.schema(.native).primaryKey, ["Voucher"])
        XCTAssertEqual(entity.schema(.canonical).cursorField, "modified_at")

        let both = try map(text, .both).get()
        XCTAssertEqual(both.fields["invoice_id"], .string("7"))
        XCTAssertEqual(both.fields["Voucher"], .string("7"))
        XCTAssertEqual(both.fields["InvAmt"], .decimal("12.50"))
        XCTAssertEqual(
            Set(both.fields.names.map { $0.uppercased() }).count, both.fields.count, "no two columns fold to one name")
    }

    func testOverridesShapeTheCanonicalLayout() throws {
        let request = EntityRequest(
            name: "ap_invoices",
            options: try JSONParser.parse(
                #"{"key": ["Voucher", "VendNum"], "properties": ["Voucher", "VendNum", "InvAmt", "Uf_Rating"], "cursor": "InvDate"}"#
            ), manifestPath: "$.source.entities[0]")
        let schema = try XCTUnwrap(SyteLineCatalog.catalog.resolve(request)).schema(.canonical)
        XCTAssertEqual(
            schema.primaryKey, ["company", "invoice_id", "supplier_id"], "the manifest's key, in canonical names")
        XCTAssertNotNil(schema.column("Uf_Rating"), "a listed field no canonical column takes stays a column")
        XCTAssertEqual(schema.cursorField, "modified_at")
        XCTAssertEqual(schema.column("modified_at")?.source, "InvDate", "modified_at follows the cursor")
    }
}
