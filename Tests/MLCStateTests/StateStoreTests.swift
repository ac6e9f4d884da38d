import Foundation
import XCTest
import MLCCore
@testable import MLCState

final class StateStoreTests: XCTestCase {
    var path: String!

    override func setUp() { path = NSTemporaryDirectory() + "mlc-state-\(UUID().uuidString)/state.sqlite" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }

    func record(_ key: String) -> Record {
        Record(entity: "e", key: key, modifiedAt: Timestamp(seconds: 10), fields: ["k": .string(key)], raw: #"{"k":"\#(key)"}"#)
    }

    func testCursorsSurviveReopeningAndArePerPipeline() throws {
        do {
            let store = try StateStore(path: path, pipeline: "a")
            try store.commit(entity: "e", cursor: Cursor(modifiedAt: Timestamp(seconds: 10), key: "K9", extra: ["bookmark": "<B/>"]), runID: "r1")
        }
        let reopened = try StateStore(path: path, pipeline: "a")
        let cursor = try reopened.cursor(entity: "e")
        XCTAssertEqual(cursor?.key, "K9")
        XCTAssertEqual(cursor?.modifiedTimestamp, Timestamp(seconds: 10))
        XCTAssertEqual(cursor?.extra, ["bookmark": "<B/>"])
        XCTAssertNil(try StateStore(path: path, pipeline: "b").cursor(entity: "e"))
        try reopened.reset(entity: nil)
        XCTAssertNil(try reopened.cursor(entity: "e"))
    }

    func testParkWritesJournalAndCursorInOneTransaction() throws {
        let store = try StateStore(path: path, pipeline: "p")
        try store.park(entity: "e", stage: .sink, reason: "down", records: [record("a"), record("b")], runID: "r",
                       thenCommit: Cursor(modifiedAt: nil, key: "b"))
        XCTAssertEqual(try store.cursor(entity: "e")?.key, "b")
        let entries = try store.journal(entity: "e")
        XCTAssertEqual(entries.map(\.count), [2])
        XCTAssertEqual(try store.journalRecords(id: entries[0].id), [record("a"), record("b")])

        // finishReplay removes the entry and re-parks what was rejected, atomically.
        try store.finishReplay(id: entries[0].id, reparked: [RejectedRecord(record: record("b"), reason: "bad")], stage: .sink, runID: "r2")
        let after = try store.journal(entity: "e")
        XCTAssertEqual(after.map(\.count), [1])
        XCTAssertEqual(after[0].reason, "bad")
    }

    func testAFailedTransactionLeavesNothingBehind() throws {
        let store = try StateStore(path: path, pipeline: "p")
        XCTAssertThrowsError(try store.db.transaction {
            try store.db.run("INSERT INTO cursors VALUES ('p', 'e', '{}', 'r', 'now')")
            throw MLCError(.internalError, "crash between the two writes")
        })
        XCTAssertNil(try store.cursor(entity: "e"))
    }

    func testRunsAreRecorded() throws {
        let store = try StateStore(path: path, pipeline: "p")
        try store.beginRun(runID: "r1", pipeline: "p")
        try store.endRun(runID: "r1", status: "ok", summary: ["entities": []])
        let runs = try store.runs()
        XCTAssertEqual(runs.map(\.runID), ["r1"])
        XCTAssertEqual(runs[0].status, "ok")
    }

    func testUnwritableLocationIsAClearError() {
        XCTAssertThrowsError(try StateStore(path: "/proc/mlc/state.sqlite", pipeline: "p")) {
            XCTAssertTrue("\($0)".contains("cannot open SQLite database /proc/mlc/state.sqlite"), "\($0)")
        }
    }
}
