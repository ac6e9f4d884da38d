import Foundation
import MLCTestKit
import XCTest

/// The exit-code contract: 0 ok, 1 failed, 2 invalid input (usage errors included), 3 partial.
final class ExitCodeTests: XCTestCase {
    func testUsageErrorsExitTwoWithTheUsage() throws {
        for arguments in [["run"], ["bogus"], ["run", "--nope", "m.json"], ["discover", "m.json", "--format"]] {
            let result = try MLCProcess.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): " + result.stderr)
            XCTAssertTrue(result.stderr.contains("Usage: mlc"), "\(arguments): " + result.stderr)
        }
        XCTAssertEqual(try MLCProcess.run(["--help"]).status, 0)
    }
}
