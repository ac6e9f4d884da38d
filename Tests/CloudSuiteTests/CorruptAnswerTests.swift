import Foundation
import MLCCore
import MLCTestKit
import XCTest

@testable import CloudSuiteSyteLine

/// Answers a real gateway or proxy sometimes sends, served by the sandbox's fault switches: an envelope that
/// cannot be trusted stops the entity with the IDO and page named and the cursor before the page; a value
/// that is not UTF-8 parks its record; the next run (or the replay) makes the warehouse equal the truth.
final class CorruptAnswerTests: XCTestCase {
    func testEnvelopeFaultsStopTheEntityBeforeThePageAndTheNextRunCompletesIt() throws {
        let expected: [(String, String)] = [
            (
                "moreRowsNotBoolean",
                #"IDO SLAptrxps, page 3: the answer is not a load response: MoreRowsExist is "maybe", not a boolean"#
            ),
            ("moreRowsWithoutBookmark", "IDO SLAptrxps, page 3: MoreRowsExist is true but no Bookmark came with it"),
            ("truncated", "IDO SLAptrxps, page 3: the answer is not a load response: "),
            ("html", #"IDO SLAptrxps, page 3: the answer is not a load response: an HTML page ("502 Bad Gateway")"#),
        ]
        for (fault, message) in expected {
            let h = try SandboxHarness()
            let m = try h.manifest(#"["ap_invoices"]"#)
            _ = try h.admin("POST", "/admin/corrupt", ["ido": "SLAptrxps", "fault": .string(fault), "call": 3])
            let failed = try MLCProcess.run(["run", m])
            XCTAssertEqual(failed.status, 1, "\(fault): " + failed.stdout + failed.stderr)
            XCTAssertTrue(failed.stdout.contains(message), "\(fault): " + failed.stdout)
            if fault == "truncated" { XCTAssertTrue(failed.stdout.contains("cut short"), failed.stdout) }
            XCTAssertEqual(
                try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 100,
                "\(fault): the two pages before it, nothing after")
            let next = try MLCProcess.run(["run", m])
            XCTAssertEqual(next.status, 0, "\(fault): " + next.stdout + next.stderr)
            try h.assertWarehouseEqualsTruth(
                entity: "ap_invoices", ido: "SLAptrxps", key: ["Voucher"], types: SyteLineCatalog.entities[1].types)
        }
    }

    func testAValueThatIsNotUTF8ParksItsRecordAndTheReplayReadsItAgain() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["ap_invoices"]"#)
        _ = try h.admin("POST", "/admin/corrupt", ["ido": "SLAptrxps", "fault": "invalidUTF8", "call": 2])
        let run = try MLCProcess.run(["run", m])
        XCTAssertEqual(run.status, 3, run.stdout + run.stderr)
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        XCTAssertEqual(state["parkedRecords"], .number("1"), state.serialized())
        let reason = state["journal"]?.arrayValue?.first?["reason"]?.stringValue ?? ""
        XCTAssertTrue(reason.contains("IDO SLAptrxps, page 2, record ") && reason.contains("not valid UTF-8"), reason)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 399)
        XCTAssertEqual(try MLCProcess.run(["replay", m]).status, 0)
        try h.assertWarehouseEqualsTruth(
            entity: "ap_invoices", ido: "SLAptrxps", key: ["Voucher"], types: SyteLineCatalog.entities[1].types)
    }

    /// A runaway answer is refused before it takes the memory; a slow one times out and is retried.
    func testHugeAndSlowAnswers() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(
            #"["ap_invoices"]"#, source: ["maxResponseMegabytes": 2, "timeoutSeconds": 1, "maxAttempts": 3])
        _ = try h.admin("POST", "/admin/corrupt", ["ido": "SLAptrxps", "fault": "huge", "call": 2])
        let huge = try MLCProcess.run(["run", m])
        XCTAssertEqual(huge.status, 1, huge.stdout + huge.stderr)
        XCTAssertTrue(huge.stdout.contains("the answer is larger than 2 MB and was refused"), huge.stdout)
        XCTAssertEqual(
            try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 50,
            "the page before it is checkpointed")

        _ = try h.admin("POST", "/admin/corrupt", ["ido": "SLAptrxps", "fault": "slow", "call": 1])
        let slow = try MLCProcess.run(["run", m, "--log-format", "json"])
        XCTAssertEqual(slow.status, 0, slow.stdout + slow.stderr)
        XCTAssertTrue(slow.stderr.contains("\"http.retry\"") && slow.stderr.contains("timed out"), slow.stderr)
        try h.assertWarehouseEqualsTruth(
            entity: "ap_invoices", ido: "SLAptrxps", key: ["Voucher"], types: SyteLineCatalog.entities[1].types)
    }
}
