import Foundation
import Logging
import XCTest

@testable import MLCCore

/// The event log through its swift-log backend, captured in memory: UTC timestamps, the pipeline and run on
/// every line once set, fields in order, typed JSON values, levels, and swift-log's own Logger writing alike.
final class EventLogTests: XCTestCase {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    func testTextLinesCarryATimestampThePipelineAndTheRun() throws {
        let lines = Lines()
        let log = EventLog(format: .text, write: lines.append)
        log.info("run.start", [("entities", "2")])
        log.set("pipeline", "acme")
        log.set("run", "20261203T130000-ab")
        log.warning("http.retry", [("attempt", "2"), ("cause", "HTTP 429"), ("backoffSeconds", "1.50")])
        let all = lines.all
        XCTAssertEqual(all.count, 2)
        let first = all[0].split(separator: " ")
        XCTAssertNotNil(Timestamp(parsing: String(first[0])), all[0])
        XCTAssertTrue(first[0].hasSuffix("Z"), "UTC: \(all[0])")
        XCTAssertEqual(first.dropFirst().joined(separator: " "), "INFO run.start entities=2")
        XCTAssertTrue(
            all[1].hasSuffix(
                "WARNING http.retry pipeline=acme run=20261203T130000-ab attempt=2 cause=HTTP 429 backoffSeconds=1.50"),
            all[1])
    }

    func testJSONLinesHaveTypedValuesAndLevelsFilter() throws {
        let lines = Lines()
        let log = EventLog(format: .json, level: .warning, write: lines.append)
        log.set("pipeline", "acme")
        log.info("entity.start", [("entity", "suppliers")])
        log.warning(
            "batch.parked", [("entity", "ap_invoices"), ("records", "12"), ("retryable", "true"), ("key", "0012")])
        XCTAssertEqual(lines.all.count, 1, "info is below the level")
        let json = try JSONParser.parse(lines.all[0])
        XCTAssertEqual(json["level"], .string("warning"))
        XCTAssertEqual(json["event"], .string("batch.parked"))
        XCTAssertEqual(json["pipeline"], .string("acme"))
        XCTAssertEqual(json["records"], .number("12"))
        XCTAssertEqual(json["retryable"], .bool(true))
        XCTAssertEqual(json["key"], .string("0012"), "a leading zero is text, not a number")
        XCTAssertNotNil(json["ts"]?.stringValue.flatMap(Timestamp.init(parsing:)))
    }

    func testScopedLogsKeepTheirOwnPipelineAndTheLoggerWritesThroughTheSameBackend() throws {
        let lines = Lines()
        let log = EventLog(format: .text, write: lines.append)
        let a = log.scoped()
        let b = log.scoped()
        a.set("pipeline", "a")
        b.set("pipeline", "b")
        a.info("x")
        b.info("y")
        var logger = a.logger
        logger[metadataKey: "entity"] = "items"
        logger.warning("from swift-log")
        XCTAssertTrue(lines.all[0].hasSuffix("INFO x pipeline=a"), lines.all[0])
        XCTAssertTrue(lines.all[1].hasSuffix("INFO y pipeline=b"), lines.all[1])
        XCTAssertTrue(lines.all[2].hasSuffix("WARNING from swift-log pipeline=a entity=items"), lines.all[2])
        EventLog.quiet.error("never written")
        XCTAssertEqual(lines.all.count, 3)
    }
}
