import MLCCore
import XCTest

@testable import CloudSuiteSyteLine

/// The load response is read member by member; each item keeps the exact text the gateway sent.
final class IDOPageTests: XCTestCase {
    func testItemsKeepTheirTextAsSentAndThePagingMembersAreRead() throws {
        let body =
            #"{"Items": [{"VendNum": "  V1", "Name": "M\u00fcller \"GmbH\"", "Amt": 12.50},  {"VendNum":"V2","Name":null}], "#
            + #""Bookmark": "<B><P>V2</P></B>", "MoreRowsExist": true, "Success": true}"#
        let page = try IDOLoadAnswer.page(Array(body.utf8))
        XCTAssertEqual(
            page.items.map(\.raw),
            [#"{"VendNum": "  V1", "Name": "M\u00fcller \"GmbH\"", "Amt": 12.50}"#, #"{"VendNum":"V2","Name":null}"#])
        XCTAssertEqual(page.items[0].json["Name"], .string("Müller \"GmbH\""))
        XCTAssertEqual(page.token, "<B><P>V2</P></B>")
        XCTAssertEqual(page.more, true)
        XCTAssertNil(page.refusal)
    }

    func testARefusedLoadAndAnEmptyPage() throws {
        let refused = try IDOLoadAnswer.page(
            Array(#"{"Items": null, "Success": false, "Message": "User does not have privilege"}"#.utf8))
        XCTAssertEqual(refused.refusal, "User does not have privilege")
        XCTAssertTrue(refused.items.isEmpty)
        XCTAssertNil(refused.more, "no MoreRowsExist: the pager goes by the page's fill")
        XCTAssertThrowsError(try IDOLoadAnswer.page(Array("[1, 2]".utf8)), "a body that is not an object")
        XCTAssertThrowsError(
            try IDOLoadAnswer.page(Array(#"{"Items": [{"a": 1} {"b": 2}]}"#.utf8)), "a malformed Items array")
    }

    /// Items as `{Name, Value}` pairs (Infor's load example) and as bare values (REST v1) become the objects they
    /// stand for; a list of values that does not match the requested properties parks its record.
    func testItemsAsPairsAndAsValuesAreNamed() throws {
        let pairs = try IDOLoadAnswer.page(
            Array(
                #"{"Items": [[{"Name": "VendNum", "Value": "V1"}, {"Name": "Name", "Value": null}]], "MoreRowsExist": false}"#
                    .utf8))
        XCTAssertEqual(pairs.items[0].json, ["VendNum": "V1", "Name": .null])
        XCTAssertEqual(pairs.items[0].raw, #"{"VendNum":"V1","Name":null}"#)
        let values = try IDOLoadAnswer.page(
            Array(#"{"Items": [["V1", "Müller"], ["V2"], ["V3", "Ott", "Ott KG"], []]}"#.utf8),
            properties: ["VendNum", "Name"])
        XCTAssertEqual(values.items[0].json, ["VendNum": "V1", "Name": "Müller"])
        XCTAssertNil(values.items[0].problem)
        XCTAssertEqual(
            values.items[1].problem, "the item is a list of 1 value(s) for 2 requested properties: they cannot be named"
        )
        XCTAssertEqual(values.items[2].json, ["VendNum": "V3", "Name": "Ott", "_value3": "Ott KG"], "extras kept")
        XCTAssertEqual(
            values.items[3].problem, "the item is a list of 0 value(s) for 2 requested properties: they cannot be named"
        )
    }
}
