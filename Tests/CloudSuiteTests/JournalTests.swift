import Foundation
import MLCCore
import MLCTestKit
import XCTest

/// The replay journal keeps one copy per record, however often it is parked.
final class JournalTests: XCTestCase {
    func testTenFailingNightlyRunsKeepOneParkedCopy() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["ap_invoices"]"#)
        for night in 1...10 {
            // The tenant edits the invoice every day and it stays unreadable.
            _ = try h.admin(
                "POST", "/admin/mutate",
                ["entity": "ap_invoices", "row": 3, "set": ["amount": .string("12,5\(night)")]])
            let run = try MLCProcess.run(["run", m])
            XCTAssertEqual(run.status, 3, "night \(night): " + run.stdout + run.stderr)
        }
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        XCTAssertEqual(state["parkedRecords"], .number("1"), state.serialized())
        let reason = state["journal"]?.arrayValue?.first?["reason"]?.stringValue ?? ""
        XCTAssertTrue(reason.contains("'12,510'"), "the newest version is the one kept: \(reason)")
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 399)
    }

    /// In canonical names the record key starts with the company (`SITE|voucher`): a parked record is still read
    /// again by its product key, and the fixed version replaces nothing else.
    func testReplayReReadsByTheProductKeyUnderTheCompanyPrefix() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["ap_invoices"]"#, source: ["columns": .null])
        let parkedDate = try h.truth("ap_invoices")[3]["modified_at"]!
        _ = try h.admin("POST", "/admin/mutate", ["entity": "ap_invoices", "row": 3, "set": ["amount": "12,50"]])
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 3)
        _ = try h.admin(
            "POST", "/admin/mutate",
            ["entity": "ap_invoices", "row": 3, "set": ["amount": "12.50"], "modifiedAt": parkedDate])
        let replay = try MLCProcess.run(["replay", m, "--log-format", "json"])
        XCTAssertEqual(replay.status, 0, replay.stdout + replay.stderr)
        let voucher = try h.truth("ap_invoices")[3]["invoice_id"]!.stringValue!
        let key = h.sandbox.options.mongooseConfig + "|" + voucher
        XCTAssertEqual(
            try h.warehouse.query("SELECT amount, company FROM ap_invoices WHERE _mlc_key = '\(key)'").first?.map(
                \.text),
            ["12.50", h.sandbox.options.mongooseConfig])
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 400)
    }

    /// A record parked for the source's data is read again on replay: fixed at the tenant, it loads (even when
    /// the fix kept its RecordDate); gone from the tenant, it leaves the journal with a warning.
    func testReplayReReadsSourceParkedRecordsFromTheTenant() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["ap_invoices"]"#)
        let bad = try h.truth("SLAptrxps")
        _ = try h.admin("POST", "/admin/mutate", ["entity": "ap_invoices", "row": 3, "set": ["amount": "12,50"]])
        _ = try h.admin("POST", "/admin/mutate", ["entity": "ap_invoices", "row": 4, "set": ["amount": "n/a"]])
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 3)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 398)

        // The tenant corrects row 3 in place (same RecordDate) and renumbers row 4's voucher.
        let parkedDate = try h.truth("SLAptrxps")[3]["RecordDate"]!
        _ = try h.admin(
            "POST", "/admin/mutate",
            ["entity": "ap_invoices", "row": 3, "set": ["amount": "12.50"], "modifiedAt": parkedDate])
        let renumbered = (bad[4]["Voucher"]?.stringValue ?? "") + "R"
        _ = try h.admin(
            "POST", "/admin/mutate",
            ["entity": "ap_invoices", "row": 4, "set": ["invoice_id": .string(renumbered), "amount": "1.00"]])
        let replay = try MLCProcess.run(["replay", m, "--log-format", "json"])
        XCTAssertEqual(replay.status, 0, replay.stdout + replay.stderr)
        let voucher = bad[3]["Voucher"]!.stringValue!
        XCTAssertEqual(
            try h.warehouse.query("SELECT invamt FROM ap_invoices WHERE _mlc_key = '\(voucher)'").first?[0].text,
            "12.50",
            "the fixed version, not the stored bad copy")
        let warnings =
            try JSONParser.parse(replay.stdout)["entities"]?.arrayValue?.first?["warnings"]?.arrayValue?.compactMap(
                \.stringValue) ?? []
        XCTAssertTrue(
            warnings.contains {
                $0.contains("1 parked record(s) are no longer at the source")
                    && $0.contains(bad[4]["Voucher"]!.stringValue!)
            },
            "\(warnings)")
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        XCTAssertEqual(state["parkedRecords"], .number("0"), state.serialized())
    }

    /// Records parked without a key cannot be asked for again: they stay parked on replay, one copy each,
    /// and the stored copy is never loaded.
    func testKeylessParkedRecordsStayParkedOnReplay() throws {
        let h = try SandboxHarness()
        let m = try h.manifest(#"["ap_invoices"]"#)
        for row in [3, 4] {
            _ = try h.admin(
                "POST", "/admin/mutate",
                ["entity": "ap_invoices", "row": .number(String(row)), "set": ["invoice_id": ""]])
        }
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 3)
        let replay = try MLCProcess.run(["replay", m, "--log-format", "json"])
        XCTAssertEqual(replay.status, 3, replay.stdout + replay.stderr)
        XCTAssertFalse(replay.stdout.contains("no longer at the source"), replay.stdout)
        let state = try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)
        XCTAssertEqual(
            state["parkedRecords"], .number("2"), "both keyless records, each its own: \(state.serialized())")
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices WHERE _mlc_key = ''")[0][0].int, 0)
        XCTAssertEqual(try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int, 398)
    }
}
