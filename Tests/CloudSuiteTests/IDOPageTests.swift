import MLCCore
import XCTest

@testable import CloudSuiteSyteLine

/// The load response is read member by member; each item keeps the exact text the gateway sent.
final class IDOPageTests: XCTestCase {
    func testItemsKeepTheirTextAsSentAndThePagingMembersAreRead() throws {
        let body =
            #"{"Items": [{"VendNum": "  V1", "Name": "M\u00fcller \"GmbH\"", "Amt": 12.50},  {"VendNum":"V2","Name":null}], "#
            + #""Bookmark": "<B><P>V2</P></B>", "MoreRowsExist": true, "Success": true}"#
        let page = try IDOPage(Array(body.utf8))
        XCTAssertEqual(
            page.items.map(\.raw),
            [#"{"VendNum": "  V1", "Name": "M\u00fcller \"GmbH\"", "Amt": 12.50}"#, #"{"VendNum":"V2","Name":null}"#])
        XCTAssertEqual(page.items[0].item["Name"], .string("Müller \"GmbH\""))
        XCTAssertEqual(page.bookmark, "<B><P>V2</P></B>")
        XCTAssertTrue(page.moreRowsExist)
        XCTAssertTrue(page.success)
    }

    func testARefusedLoadAndAnEmptyPage() throws {
        let refused = try IDOPage(
            Array(#"{"Items": null, "Success": false, "Message": "User does not have privilege"}"#.utf8))
        XCTAssertFalse(refused.success)
        XCTAssertEqual(refused.message, "User does not have privilege")
        XCTAssertTrue(refused.items.isEmpty)
        XCTAssertFalse(refused.moreRowsExist)
        XCTAssertThrowsError(try IDOPage(Array("[1, 2]".utf8)), "a body that is not an object")
        XCTAssertThrowsError(try IDOPage(Array(#"{"Items": [{"a": 1} {"b": 2}]}"#.utf8)), "a malformed Items array")
    }
}
