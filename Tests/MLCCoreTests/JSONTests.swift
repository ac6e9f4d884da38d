import XCTest

@testable import MLCCore

final class JSONTests: XCTestCase {
    func testParsesEveryKindAndKeepsNumberText() throws {
        let json = try JSONParser.parse(
            #"{"a": 1, "b": -12.50, "c": "x\"y", "d": [true, false, null], "e": {}, "big": 12345678901234567890.123}"#)
        XCTAssertEqual(json["a"], .number("1"))
        XCTAssertEqual(json["b"], .number("-12.50"))
        XCTAssertEqual(json["c"], .string("x\"y"))
        XCTAssertEqual(json["d"], .array([.bool(true), .bool(false), .null]))
        XCTAssertEqual(json["e"], .object([]))
        XCTAssertEqual(json["big"], .number("12345678901234567890.123"), "amounts must keep every digit")
    }

    func testUnicodeEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try JSONParser.parse(#""M\u00fcller \ud83d\ude00 株式会社""#), .string("Müller 😀 株式会社"))
        XCTAssertThrowsError(try JSONParser.parse(#""\ud83d""#))
    }

    func testRoundTripPreservesOrderAndEscapes() throws {
        let text = #"{"z":"line\nbreak\ttab \"q\" \\ \u0001","a":[1,2.5,"Müller GmbH"],"m":null}"#
        let json = try JSONParser.parse(text)
        XCTAssertEqual(json.serialized(), text)
        XCTAssertEqual(try JSONParser.parse(json.serialized()), json)
    }

    func testErrorsCarryLineAndColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}"
        XCTAssertThrowsError(try JSONParser.parse(text)) { error in
            let e = error as! JSONSyntaxError
            XCTAssertEqual(e.line, 3)
            XCTAssertEqual(e.column, 8)
        }
        XCTAssertThrowsError(try JSONParser.parse("{\"a\": 1,}")) { error in
            XCTAssertEqual((error as! JSONSyntaxError).column, 9)
        }
        XCTAssertThrowsError(try JSONParser.parse("[1] 2"))
        XCTAssertThrowsError(try JSONParser.parse("\"unterminated"))
        XCTAssertThrowsError(try JSONParser.parse("01"))
    }

    func testMemberRangesSliceTheRawText() throws {
        let text = #"{"id": "A1", "nested": {"x": [1, "}"]}, "tax": "DE123"}"#
        let bytes = Array(text.utf8)
        let members = try JSONParser.memberRanges(bytes)
        XCTAssertEqual(members.map { String(decoding: bytes[$0.key], as: UTF8.self) }, ["id", "nested", "tax"])
        XCTAssertEqual(String(decoding: bytes[members[1].range], as: UTF8.self), #"{"x": [1, "}"]}"#)
        XCTAssertEqual(String(decoding: bytes[members[2].range], as: UTF8.self), #""DE123""#)
    }

    func testArrayElementsAreFoundAndParsedInPlace() throws {
        let text = #"{"Items": [ {"a": "x, ]"} , [1, 2], "s", null ], "More": true}"#
        let bytes = Array(text.utf8)
        let items = try XCTUnwrap(
            JSONParser.memberRanges(bytes).first { String(decoding: bytes[$0.key], as: UTF8.self) == "Items" })
        let elements = try JSONParser.elementRanges(bytes, array: items.range)
        XCTAssertEqual(
            elements.map { String(decoding: bytes[$0], as: UTF8.self) }, [#"{"a": "x, ]"}"#, "[1, 2]", #""s""#, "null"])
        XCTAssertEqual(try JSONParser.parse(bytes, range: elements[0]), .object([JSONMember("a", .string("x, ]"))]))
        XCTAssertEqual(try JSONParser.elementRanges(Array("[]".utf8), array: 0..<2), [])
        XCTAssertThrowsError(try JSONParser.elementRanges(Array("[1 2]".utf8), array: 0..<5))
        XCTAssertThrowsError(try JSONParser.elementRanges(bytes, array: 0..<bytes.count), "an object is not an array")
        XCTAssertThrowsError(
            try JSONParser.parse(Array("[1] x".utf8), range: 0..<5), "a range must hold exactly one value")
    }

    func testAddingAHugeOffsetSaturatesInsteadOfTrapping() {
        let t = Timestamp(parsing: "2024-03-11 14:02:44")!
        XCTAssertEqual(t.adding(seconds: -300).iso8601, "2024-03-11T13:57:44.000000Z")
        XCTAssertEqual(t.adding(seconds: -1e300).microseconds, Int64.min / 2)
        XCTAssertEqual(t.adding(seconds: .infinity).microseconds, Int64.max / 2)
        XCTAssertEqual(t.adding(seconds: .nan).microseconds, Int64.max / 2)
    }

    func testTimestampsParseTheFormsERPsSend() {
        XCTAssertEqual(Timestamp(parsing: "2024-03-11T14:02:44.003Z")?.iso8601, "2024-03-11T14:02:44.003000Z")
        XCTAssertEqual(Timestamp(parsing: "2024-03-11 14:02:44.003")?.iso8601, "2024-03-11T14:02:44.003000Z")
        XCTAssertEqual(Timestamp(parsing: "2024-03-11T16:02:44+02:00")?.iso8601, "2024-03-11T14:02:44.000000Z")
        XCTAssertEqual(Timestamp(parsing: "2024-02-29")?.iso8601, "2024-02-29T00:00:00.000000Z")
        XCTAssertEqual(Timestamp(parsing: "1969-12-31T23:59:59.5Z")?.microseconds, -500_000)
        // Mongoose's own form for date-time properties, with and without milliseconds.
        XCTAssertEqual(Timestamp(parsing: "20240311 14:02:44.003")?.iso8601, "2024-03-11T14:02:44.003000Z")
        XCTAssertEqual(Timestamp(parsing: "20240311 14:02:44")?.iso8601, "2024-03-11T14:02:44.000000Z")
        XCTAssertEqual(Timestamp(parsing: "20240229")?.iso8601, "2024-02-29T00:00:00.000000Z")
        // Landmark's all-digit stamps, with the fraction's digits straight after the seconds.
        XCTAssertEqual(Timestamp(parsing: "20240311140244")?.iso8601, "2024-03-11T14:02:44.000000Z")
        XCTAssertEqual(Timestamp(parsing: "20240311140244003")?.iso8601, "2024-03-11T14:02:44.003000Z")
        // WCF's JSON date (SyteLine's REST v1): milliseconds since the epoch, UTC whatever the offset says.
        XCTAssertEqual(Timestamp(parsing: "/Date(1710165764003)/")?.iso8601, "2024-03-11T14:02:44.003000Z")
        XCTAssertEqual(Timestamp(parsing: "/Date(1710165764003+0100)/")?.iso8601, "2024-03-11T14:02:44.003000Z")
        XCTAssertEqual(Timestamp(parsing: "/Date(-500)/")?.microseconds, -500_000)
        XCTAssertNil(Timestamp(parsing: "/Date()/"))
        XCTAssertNil(Timestamp(parsing: "/Date(1710165764003+01)/"))
        XCTAssertNil(Timestamp(parsing: "/Date(1710165764003)"))
        XCTAssertNil(Timestamp(parsing: "/Date(17101x65764003)/"))
        XCTAssertNil(Timestamp(parsing: "/Date(9999999999999999999)/"), "too many digits: no overflow, no date")
        XCTAssertNil(Timestamp(parsing: "/Date(253402300800000)/"), "year 10000")
        XCTAssertEqual(Timestamp(parsing: "/Date(253402300799999)/")?.iso8601, "9999-12-31T23:59:59.999000Z")
        XCTAssertNil(Timestamp(parsing: "202403111402"), "minutes without seconds")
        XCTAssertNil(Timestamp(parsing: "20240311250000"))
        XCTAssertNil(Timestamp(parsing: "2024-0311 14:02:44"), "one separator without the other")
        XCTAssertNil(Timestamp(parsing: "202403-11"))
        XCTAssertNil(Timestamp(parsing: "20241301 00:00:00"))
        XCTAssertNil(Timestamp(parsing: "2024-13-01"))
        XCTAssertNil(Timestamp(parsing: "11/03/2024"))
        XCTAssertNil(Timestamp(parsing: "2024-03-11T14:02:44Zjunk"))
    }

    func testValueCastsAreExactOrRefused() throws {
        XCTAssertEqual(try Value.string(" 1234.50 ").cast(to: .decimal), .decimal("1234.50"))
        XCTAssertEqual(try Value.string("42").cast(to: .int), .int(42))
        XCTAssertEqual(try Value.string("Y").cast(to: .bool), .bool(true))
        XCTAssertEqual(try Value.null.cast(to: .int), .null)
        XCTAssertThrowsError(try Value.string("12,50").cast(to: .decimal))
        XCTAssertThrowsError(try Value.string("abc").cast(to: .timestamp))
    }

    func testRecordCodecRoundTripsEveryType() throws {
        let record = Record(
            entity: "e", key: "k\"1", modifiedAt: Timestamp(seconds: 5),
            fields: [
                "s": .string("Müller, \"GmbH\""), "i": .int(-7), "d": .decimal("0.10"), "f": .double(1.5),
                "b": .bool(false),
                "t": .timestamp(Timestamp(seconds: 9)), "n": .null,
            ], raw: #"{"custom":"x"}"#)
        XCTAssertEqual(try RecordCodec.decode(RecordCodec.encode([record, record])), [record, record])
    }
}
