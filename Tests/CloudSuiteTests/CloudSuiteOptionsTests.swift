import CloudSuite
import MLCCore
import XCTest

/// One reading of the settings: the typed value construction takes, and the issues validation reports.
final class CloudSuiteOptionsTests: XCTestCase {
    func testParseGivesTheTypedValueWithDeclaredDefaults() throws {
        let (value, issues) = CloudSuiteOptions.parse(
            try JSONParser.parse(
                #"{"credentials": {"secret": "acme"}, "lookback": "PT15M", "settle": 30, "timeZoneOffset": "-05:30", "columns": "both", "rateLimit": {"requestsPerMinute": 300}}"#
            ), at: "$.source")
        XCTAssertEqual(issues, [])
        XCTAssertEqual(value.lookback, 900)
        XCTAssertEqual(value.settle, 30)
        XCTAssertEqual(value.offsetSeconds, -19_800)
        XCTAssertEqual(value.columns, .both)
        XCTAssertEqual(value.requestsPerMinute, 300)
        XCTAssertEqual(value.maxAttempts, 8, "the declared default")
        XCTAssertEqual(value.timeoutSeconds, 90, "the declared default")
    }

    func testParseReportsEveryIssueWithItsPath() throws {
        let (value, issues) = CloudSuiteOptions.parse(
            try JSONParser.parse(#"{"lookback": "15 minutes", "settle": "P400D", "timeZoneOffset": "CET"}"#),
            at: "$.source")
        XCTAssertEqual(Set(issues.map(\.path)), ["$.source.lookback", "$.source.settle", "$.source.timeZoneOffset"])
        XCTAssertEqual(value.lookback, 0, "a setting that does not parse contributes nothing")
        XCTAssertEqual(
            CloudSuiteSettings.validate(try JSONParser.parse(#"{"lookback": "x"}"#), at: "$.source").count, 1)
    }

    func testTheOffsetsFormerNameStillWorks() throws {
        let (value, issues) = CloudSuiteOptions.parse(
            try JSONParser.parse(#"{"recordDateOffset": "+01:00"}"#), at: "$.source")
        XCTAssertEqual(issues, [])
        XCTAssertEqual(value.offsetSeconds, 3600)
        let (_, refused) = CloudSuiteOptions.parse(
            try JSONParser.parse(#"{"recordDateOffset": "CET"}"#), at: "$.source")
        XCTAssertEqual(refused.map(\.path), ["$.source.recordDateOffset"])
    }
}
