import CloudSuite
import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// Settings out of range are refused at `validate` with their JSON path, and `run` refuses the same manifest the
/// same way (exit 2) instead of trapping on the arithmetic that would use them.
final class BoundedSettingsTests: XCTestCase {
    func testOutOfRangeSettingsAndUnknownKeysAreRefusedAlikeByValidateAndRun() throws {
        let h = try SandboxHarness()
        let cases: [(String, [String: JSON], String, String)] = [
            ("settle", ["settle": .number("1e300")], "$.source.settle", "at most 366 days"),
            ("lookback", ["lookback": "P400D"], "$.source.lookback", "at most 366 days"),
            ("negative", ["lookback": .number("-5")], "$.source.lookback", "ISO 8601 duration"),
            ("page", ["pageSize": .number("0")], "$.source.pageSize", "expected 1…10000"),
            (
                "rate", ["rateLimit": ["requestsPerMinute": .number("0")]], "$.source.rateLimit.requestsPerMinute",
                "expected 1…100000"
            ),
            ("timeout", ["timeoutSeconds": .number("1e12")], "$.source.timeoutSeconds", "expected an integer"),
            ("attempts", ["maxAttempts": .number("1000000")], "$.source.maxAttempts", "expected 1…100"),
        ]
        for (name, overrides, path, message) in cases {
            let m = try h.manifest(#"["suppliers"]"#, source: overrides, name: name + ".json")
            for command in ["validate", "run"] {
                let result = try MLCProcess.run([command, m])
                XCTAssertEqual(result.status, 2, "\(name) \(command): " + result.stdout + result.stderr)
                XCTAssertTrue(
                    result.stderr.contains(path) && result.stderr.contains(message),
                    "\(name) \(command): " + result.stderr)
            }
        }
        let sink = try h.manifest(#"["suppliers"]"#, name: "busy.json")
        let text = try String(contentsOfFile: sink, encoding: .utf8)
            .replacingOccurrences(
                of: #""path": "warehouse.sqlite"}"#,
                with: #""path": "warehouse.sqlite", "busyTimeoutMs": 1000000000000}"#
            )
            .replacingOccurrences(of: #""batchRecords": 200"#, with: #""batchRecords": 200, "concurrency": 0"#)
        try text.write(toFile: sink, atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let result = try MLCProcess.run([command, sink])
            XCTAssertEqual(result.status, 2, command)
            XCTAssertTrue(
                result.stderr.contains("$.sink.busyTimeoutMs: expected 0…3600000, found 1000000000000"), result.stderr)
            XCTAssertTrue(result.stderr.contains("$.pipeline.concurrency: expected 1…32, found 0"), result.stderr)
        }
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM sqlite_master WHERE name = 'suppliers'")[0][0], .int(0),
            "nothing ran")
    }

    func testAKeyMustNameAPropertyOfTheEntity() throws {
        let h = try SandboxHarness()
        let typo = try h.manifest(#"[{"name": "suppliers", "key": ["VendNumm"]}]"#)
        let result = try MLCProcess.run(["validate", typo])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(
            result.stderr.contains(
                #"$.source.entities[0].key[0]: key property "VendNumm" is not a property of the entity"#), result.stderr
        )
        XCTAssertTrue(result.stderr.contains(#"did you mean "VendNum"?"#), result.stderr)
        let empty = try h.manifest(#"[{"name": "suppliers", "key": []}]"#, name: "empty.json")
        XCTAssertTrue(
            try MLCProcess.run(["validate", empty]).stderr.contains(
                "$.source.entities[0].key: expected a non-empty array"))
        // A key from the entity's own properties list is a property of the entity, even outside the catalog.
        let listed = try h.manifest(
            #"[{"name": "suppliers", "properties": ["VendNum", "Name", "Uf_Rating"], "key": ["VendNum", "Uf_Rating"]}]"#,
            name: "listed.json")
        XCTAssertEqual(try MLCProcess.run(["validate", listed]).status, 0)
        let typed = try h.manifest(#"[{"name": "ap_invoices", "types": {"InvAmt": "decimall"}}]"#, name: "typed.json")
        let refused = try MLCProcess.run(["validate", typed]).stderr
        XCTAssertTrue(
            refused.contains(#"$.source.entities[0].types.InvAmt: expected a column type, found "decimall""#), refused)
        XCTAssertTrue(refused.contains(#"did you mean "decimal"?"#), refused)
    }

    func testIonapiURLsMustBeHTTP() throws {
        let base = #"{"ti": "ACME", "ci": "c", "cs": "s", "ot": "token.oauth2", "saak": "k", "sask": "v", "#
        XCTAssertThrowsError(
            try IONAPICredentials.parse(Array((base + #""iu": "ftp://gw", "pu": "https://sso/ACME/as/"}"#).utf8))
        ) {
            XCTAssertTrue("\($0)".contains("iu must be an http(s) URL, found \"ftp://gw\""), "\($0)")
        }
        XCTAssertThrowsError(
            try IONAPICredentials.parse(Array((base + #""iu": "https://gw", "pu": "sso.example.com"}"#).utf8))
        ) {
            XCTAssertTrue("\($0)".contains("pu must be an http(s) URL"), "\($0)")
        }
    }
}
