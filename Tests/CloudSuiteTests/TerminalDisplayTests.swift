import Foundation
import MLCCore
import MLCState
import MLCTestKit
import XCTest

/// The live display as a person sees it: the real binary under a real pseudo-terminal of 80 columns, a tenant
/// that answers 429 and a property it lacks, so back-offs and warnings must show.
final class TerminalDisplayTests: XCTestCase {
    /// Runs `arguments` on a pseudo-terminal `columns` wide; everything it wrote there, escapes included.
    func underTerminal(_ arguments: [String], columns: Int, environment: [String: String]) throws -> (Int32, String) {
        let out = NSTemporaryDirectory() + "mlc-pty-\(UUID().uuidString)"
        let script = """
            import fcntl, os, pty, struct, sys, termios
            out, cols, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
            pid, fd = pty.fork()
            if pid == 0:
                fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
                os.execv(argv[0], argv)
            data = b""
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            _, status = os.waitpid(pid, 0)
            open(out, "wb").write(data)
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, out, String(columns), MLCProcess.binary] + arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["TERM"] = "xterm-256color"
        env.merge(environment) { _, new in new }
        p.environment = env
        try p.run()
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let text = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
        return (p.terminationStatus, text)
    }

    /// The screen's lines: escapes removed, split where the cursor returns.
    func visibleLines(_ text: String) -> [String] {
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
        return plain.components(separatedBy: CharacterSet(charactersIn: "\r\n")).filter { !$0.isEmpty }
    }

    func slowRun() throws -> (SandboxHarness, String) {
        let h = try SandboxHarness {
            $0.requestsPerMinute = 300
            $0.sizes["ap_invoices"] = 400
            $0.shape.dropped = ["SLAptrxps": ["Txt"]]
        }
        let m = try h.manifest(
            #"["suppliers", "ap_invoices"]"#,
            source: ["pageSize": 25, "rateLimit": ["requestsPerMinute": 3000], "maxAttempts": 30])
        return (h, m)
    }

    func testTheDisplayShowsEveryEntityBackOffsAndWarningsWithinEightyColumns() throws {
        let (h, m) = try slowRun()
        let (status, screen) = try underTerminal(["run", m], columns: 80, environment: [:])
        withExtendedLifetime(h) {}
        XCTAssertEqual(status, 0, screen)
        let lines = visibleLines(screen)
        for line in lines { XCTAssertLessThanOrEqual(line.count, 80, "wider than the terminal: \(line)") }
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("suppliers") && $0.contains("waiting") }, "every entity from the start")
        XCTAssertTrue(lines.contains { $0.hasPrefix("ap_invoices") && $0.contains("reading page ") }, screen)
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("ap_invoices") && $0.contains("done") && $0.contains("400 read") }, screen)
        XCTAssertTrue(lines.contains { $0.contains("backing off HTTP 429 — retry in") }, screen)
        XCTAssertTrue(lines.contains { $0.contains("WARNING http.retry") }, "retries printed above the display")
        // A warning longer than the terminal wraps onto indented lines instead of running off it.
        XCTAssertTrue(lines.contains { $0.contains("WARNING entity.warning") }, screen)
        XCTAssertTrue(lines.contains { $0.hasPrefix("    ") && $0.contains("Txt") }, screen)
        XCTAssertTrue(lines.contains { $0.hasPrefix("elapsed ") }, screen)
        XCTAssertTrue(screen.contains("\u{1B}[32mdone"), "done in green")
        XCTAssertTrue(lines.contains { $0.hasPrefix("total") }, "the summary follows the display")
    }

    func testAWarehouseAnotherProcessHoldsShowsAsWaitingOnTheSink() throws {
        let h = try SandboxHarness { $0.sizes["suppliers"] = 600 }
        let m = try h.manifest(#"["suppliers"]"#)
        XCTAssertEqual(try MLCProcess.run(["run", m]).status, 0, "the first run makes the tables")
        XCTAssertEqual(try MLCProcess.run(["state", "reset", m, "--yes"]).status, 0, "the next run reads all again")
        // Another writer holds the warehouse for three seconds: the run's first batch waits for it (SQLite's busy
        // timeout), and the display says so rather than "reading".
        let other = h.warehouse
        try other.execute("BEGIN IMMEDIATE")
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) {
            try? other.execute("ROLLBACK")
            released.signal()
        }
        let (status, screen) = try underTerminal(["run", m], columns: 80, environment: [:])
        released.wait()
        XCTAssertEqual(status, 0, screen)
        let lines = visibleLines(screen)
        XCTAssertTrue(lines.contains { $0.hasPrefix("suppliers") && $0.contains("waiting on the sink") }, screen)
        XCTAssertTrue(lines.contains { $0.hasPrefix("suppliers") && $0.contains("done · 600 read") }, screen)
    }

    func testNoColorAndADumbTerminal() throws {
        let (h, m) = try slowRun()
        defer { withExtendedLifetime(h) {} }
        let (status, plain) = try underTerminal(["run", m], columns: 80, environment: ["NO_COLOR": "1"])
        XCTAssertEqual(status, 0, plain)
        for code in ["\u{1B}[31m", "\u{1B}[32m", "\u{1B}[33m", "\u{1B}[0m"] {
            XCTAssertFalse(plain.contains(code), "no colour with NO_COLOR")
        }
        XCTAssertTrue(plain.contains("\u{1B}[K"), "still redrawn in place")
        let (dumbStatus, dumb) = try underTerminal(
            ["run", m, "--entity", "suppliers"], columns: 80, environment: ["TERM": "dumb"])
        XCTAssertEqual(dumbStatus, 0, dumb)
        XCTAssertFalse(dumb.contains("\u{1B}["), "a dumb terminal gets no escapes at all")
        XCTAssertTrue(
            dumb.contains("INFO entity.end pipeline=cs") && dumb.contains("entity=suppliers"),
            "event lines instead of a display: \(dumb)")
    }
}
