import MLCCore
import XCTest

@testable import CloudSuiteSyteLine

/// Values are typed once, where they enter; a record that cannot be typed is refused with its reason.
final class SyteLineRecordMapperTests: XCTestCase {
    let entity = SyteLineCatalog.entities.first { $0.name == "ap_invoices" }!

    func mapper(offset: Double = 0) -> SyteLineRecordMapper {
        SyteLineRecordMapper(
            entity: entity, spellings: entity.requestedProperties, dates: SyteLineDates(offsetSeconds: offset))
    }

    func map(_ text: String) throws -> Result<Record, SyteLineRecordMapper.Fault> {
        mapper().record(try JSONParser.parse(Array(text.utf8)), raw: text)
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
}
