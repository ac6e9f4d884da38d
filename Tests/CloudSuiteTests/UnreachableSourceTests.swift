import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// A gateway that cannot be reached past the retry budget is a checkpoint (exit 3) with where to look, and
/// every retry is in the log.
final class UnreachableSourceTests: XCTestCase {
    func testAnUnreachableGatewayCheckpointsAndExitsThree() throws {
        let h = try SandboxHarness()
        try h.writeIonapi(setting: "iu", to: "http://127.0.0.1:9")
        let m = try h.manifest(#"["suppliers"]"#, source: ["maxAttempts": 2])
        let result = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        let summary = try JSONParser.parse(result.stdout.split(separator: "\n").last.map(String.init) ?? "")
        XCTAssertEqual(summary["status"], .string("partial"))
        let error = summary["entities"]?.arrayValue?.first?["error"]?.stringValue ?? summary.serialized()
        XCTAssertTrue(error.contains("the ION gateway could not be reached for IDO SLVendors"), error)
        XCTAssertTrue(error.contains("HTTPS_PROXY") && error.contains("iu and pu"), error)
        let retries = result.stderr.split(separator: "\n").filter { $0.contains("\"http.retry\"") }
        XCTAssertGreaterThanOrEqual(retries.count, 1, result.stderr)
        XCTAssertTrue(retries.allSatisfy { $0.contains("backoffSeconds") && $0.contains("127.0.0.1:9") }, "\(retries)")
    }
}
