import Foundation
import MLCCore
import MLCTestKit
import XCTest

@testable import CloudSuiteSyteLine

/// SIGTERM and SIGINT stop a run cleanly (exit 143 and 130, recorded `interrupted`, token revoked, nothing
/// lost); a run killed outright is `abandoned` in the next run's history, never `running` for ever.
final class InterruptionTests: XCTestCase {
    func stats(_ h: SandboxHarness) throws -> JSON { try h.stats() }

    /// Starts a slow run (10 requests a second) and waits until it has made a few requests.
    func startSlowRun(_ h: SandboxHarness, _ m: String) throws -> Process {
        let before = try stats(h)["apiRequests"]?.intValue ?? 0
        let (process, _, _) = try MLCProcess.start(["run", m, "--log-format", "json"])
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline, (try stats(h)["apiRequests"]?.intValue ?? 0) < before + 8 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(process.isRunning, "still running when signalled")
        return process
    }

    func runs(_ m: String) throws -> [JSON] {
        try JSONParser.parse(try MLCProcess.run(["state", "show", m]).stdout)["runs"]?.arrayValue ?? []
    }

    func testSignalsStopCleanlyAndAKilledRunIsAbandoned() throws {
        let h = try SandboxHarness { $0.sizes["ap_invoices"] = 3000 }
        let m = try h.manifest(#"["ap_invoices"]"#, source: ["rateLimit": ["requestsPerMinute": 600]])

        let terminated = try startSlowRun(h, m)
        kill(terminated.processIdentifier, SIGTERM)
        terminated.waitUntilExit()
        XCTAssertEqual(terminated.terminationStatus, 143)
        XCTAssertEqual(try runs(m).first?["status"], .string("interrupted"))
        XCTAssertGreaterThanOrEqual(try stats(h)["revocations"]?.intValue ?? 0, 1, "the token was revoked")
        let loaded = try h.warehouse.query("SELECT count(*) FROM ap_invoices")[0][0].int ?? 0
        XCTAssertTrue(loaded > 0 && loaded < 3000, "stopped part-way: \(loaded)")

        let interrupted = try startSlowRun(h, m)
        kill(interrupted.processIdentifier, SIGINT)
        interrupted.waitUntilExit()
        XCTAssertEqual(interrupted.terminationStatus, 130)

        let killed = try startSlowRun(h, m)
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        XCTAssertEqual(try runs(m).first?["status"], .string("running"), "a killed run cannot record itself")

        let rest = try MLCProcess.run(["run", m])
        XCTAssertEqual(rest.status, 0, rest.stdout + rest.stderr)
        let history = try runs(m).compactMap { $0["status"]?.stringValue }
        XCTAssertEqual(Array(history.prefix(4)), ["ok", "abandoned", "interrupted", "interrupted"], "\(history)")
        try h.assertWarehouseEqualsTruth(
            entity: "ap_invoices", ido: "SLAptrxps", key: ["Voucher"], types: SyteLineCatalog.entities[1].types)
    }
}
