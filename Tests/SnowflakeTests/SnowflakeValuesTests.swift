import MLCCore
import XCTest

@testable import Snowflake

final class SnowflakeValuesTests: XCTestCase {
    /// The examples of the SQL API's "Handling the response" page.
    func testJSONv2Encodings() {
        XCTAssertEqual(SnowflakeValues.decode("18262", type: "date"), .timestamp(Timestamp(parsing: "2020-01-01")!))
        XCTAssertEqual(SnowflakeValues.decode("82919.000000000", type: "time"), .timestamp(Timestamp(seconds: 82919)))
        XCTAssertEqual(
            SnowflakeValues.decode("1616173619.000000000 1500", type: "TIMESTAMP_TZ"),
            .timestamp(Timestamp(seconds: 1_616_173_619)))
        XCTAssertEqual(
            SnowflakeValues.decode("1616173619.123456789", type: "timestamp_ntz"),
            .timestamp(Timestamp(microseconds: 1_616_173_619_123_456)))
        XCTAssertEqual(SnowflakeValues.decode("123", type: "FIXED", scale: 0), .int(123))
        XCTAssertEqual(SnowflakeValues.decode("12.5000000000", type: "fixed", scale: 10), .decimal("12.5000000000"))
        XCTAssertEqual(SnowflakeValues.decode("true", type: "boolean"), .bool(true))
        XCTAssertEqual(SnowflakeValues.decode(nil, type: "text"), .null)
        XCTAssertEqual(SnowflakeValues.decode("Müller", type: "text"), .string("Müller"))
    }
}
