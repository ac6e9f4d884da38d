import MLCCore
import XCTest

@testable import CloudSuiteFSM

/// A Landmark list answer read element by element: one record the list could not give its fields is parked
/// alone (its problem goes with it to the journal), the records around it load.
final class LandmarkAnswerTests: XCTestCase {
    func testARecordWhoseFieldsAreNotAnObjectParksAloneAndTheRestLoads() throws {
        let body =
            #"[{"_count": 3, "_links": []}, {"_fields": {"Vendor": "1"}}, {"_fields": "oops"}, {"_fields": {"Vendor": "2"}}]"#
        let page = try LandmarkAnswer.page(Array(body.utf8), pageLinks: ["next"])
        XCTAssertEqual(page.items.count, 3)
        XCTAssertEqual(page.total, 3)
        XCTAssertNil(page.items[0].problem)
        XCTAssertEqual(page.items[1].problem, #"its _fields is "oops", not an object"#)
        XCTAssertEqual(page.items[1].raw, #"{"_fields": "oops"}"#, "kept as sent, for the journal")
        XCTAssertEqual(page.items[2].json["Vendor"], .string("2"))
    }
}
