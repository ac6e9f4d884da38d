import Foundation
import XCTest
import MLCCore
import MLCTestKit

/// The replay journal keeps one copy per record, however often it is parked.
final class JournalTests: XCTestCase {
    func testTenFailingNightlyRunsKeepOneParkedCopy() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["ap_invoices"]"#)
        for night in 1...10 {
            // The tenant edits the invoice every day and it stays unreadable.
            _ = try h.admin("POST", "/admin/mutate", ["ido": "SLAptrxps", "row": 3, "set": ["InvAmt": .string("12,5\(night)")]])
            let run = try MLCProcess.run(["run", m])
            XCTAssertEqual(run.status, 3, "night \(night): " + run.stdout + run.stderr)
        }
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        XCTAssertEqual(state["parkedRecords"], .number("1"), state.serialized())
        let reason = state["journal"]?.arrayValue?.first?["reason"]?.stringValue ?? ""
        XCTAssertTrue(reason.contains("'12,510'"), "the newest version is the one kept: \(reason)")
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 399)
    }
}
