import Foundation
import MLCCore
import XCTest

@testable import MLCState

final class StateStoreTests: XCTestCase {
    var path: String!

    override func setUp() { path = NSTemporaryDirectory() + "mlc-state-\(UUID().uuidString)/state.sqlite" }
    override func tearDown() {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    func record(_ key: String) -> Record {
        Record(
            entity: "e", key: key, modifiedAt: Timestamp(seconds: 10), fields: ["k": .string(key)],
            raw: #"{"k":"\#(key)"}"#)
    }

    func testCursorsSurviveReopeningAndArePerPipeline() throws {
        do {
            let store = try StateStore(path: path, pipeline: "a")
            try store.commit(
                entity: "e", cursor: Cursor(modifiedAt: Timestamp(seconds: 10), key: "K9", extra: ["bookmark": "<B/>"]),
                runID: "r1")
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
        try store.park(
            entity: "e", stage: .sink, reason: "down", records: [record("a"), record("b")], runID: "r",
            thenCommit: Cursor(modifiedAt: nil, key: "b"))
        XCTAssertEqual(try store.cursor(entity: "e")?.key, "b")
        let entries = try store.journal(entity: "e")
        XCTAssertEqual(entries.map(\.count), [2])
        XCTAssertEqual(try store.journalRecords(id: entries[0].id), [record("a"), record("b")])

        // finishReplay removes the entry and re-parks what was rejected, atomically.
        try store.finishReplay(
            id: entries[0].id, reparked: [.sink: [RejectedRecord(record: record("b"), reason: "bad")]], runID: "r2")
        let after = try store.journal(entity: "e")
        XCTAssertEqual(after.map(\.count), [1])
        XCTAssertEqual(after[0].reason, "bad")
    }

    func testARecordParkedAgainSupersedesItsEarlierVersion() throws {
        let store = try StateStore(path: path, pipeline: "p")
        func version(_ key: String, _ seconds: Int64, _ text: String) -> Record {
            Record(
                entity: "e", key: key, modifiedAt: Timestamp(seconds: seconds), fields: ["k": .string(text)],
                raw: #"{"k":"\#(text)"}"#)
        }
        // Ten failing nightly runs park the same three rows (two of them edited each night): one copy each.
        for night in 1...10 {
            try store.park(
                entity: "e", stage: .source, reason: "night \(night)",
                records: [
                    version("a", Int64(night), "a\(night)"), version("b", 1, "b"),
                    version("c", Int64(night), "c\(night)"),
                ],
                runID: "r\(night)", thenCommit: nil)
        }
        let entries = try store.journal(entity: "e")
        XCTAssertEqual(entries.reduce(0) { $0 + $1.count }, 3, "\(entries)")
        let parked = try entries.flatMap { try store.journalRecords(id: $0.id) }
        XCTAssertEqual(
            Set(parked.map(\.raw)), [#"{"k":"a10"}"#, #"{"k":"b"}"#, #"{"k":"c10"}"#], "the newest version of each")

        // An older version parked late does not replace a newer one; another entity's key is its own.
        try store.park(
            entity: "e", stage: .sink, reason: "late", records: [version("a", 3, "a3")], runID: "late", thenCommit: nil)
        try store.park(
            entity: "f", stage: .sink, reason: "other",
            records: [Record(entity: "f", key: "a", modifiedAt: nil, fields: [:], raw: "{}")],
            runID: "late", thenCommit: nil)
        let a = try store.journal(entity: "e").flatMap { try store.journalRecords(id: $0.id) }.filter { $0.key == "a" }
        XCTAssertEqual(a.map(\.raw), [#"{"k":"a10"}"#])
        XCTAssertEqual(try store.journal(entity: "f").map(\.count), [1])

        // Keyless records are each kept: nothing says they are the same record. A version of a key without a date
        // (an entity read in full every run, a date that did not parse) supersedes as the later read.
        let keyless = (0..<5).map {
            Record(entity: "g", key: "", modifiedAt: Timestamp(seconds: 1), fields: [:], raw: "{\"n\":\($0)}")
        }
        try store.park(entity: "g", stage: .source, reason: "no key", records: keyless, runID: "k", thenCommit: nil)
        try store.park(
            entity: "g", stage: .source, reason: "no key", records: Array(keyless.prefix(2)), runID: "k2",
            thenCommit: nil)
        let undatable = Record(entity: "e", key: "c", modifiedAt: nil, fields: [:], raw: #"{"k":"c?"}"#)
        try store.park(
            entity: "e", stage: .source, reason: "bad date", records: [undatable], runID: "u", thenCommit: nil)
        XCTAssertEqual(try store.journal(entity: "g").reduce(0) { $0 + $1.count }, 7)
        let c = try store.journal(entity: "e").flatMap { try store.journalRecords(id: $0.id) }.filter { $0.key == "c" }
        XCTAssertEqual(c.map(\.raw), [#"{"k":"c?"}"#])
        for night in 1...3 {
            try store.park(
                entity: "h", stage: .source, reason: "night \(night)",
                records: [Record(entity: "h", key: "k", modifiedAt: nil, fields: [:], raw: "{\"night\":\(night)}")],
                runID: "h\(night)", thenCommit: nil)
        }
        let h = try store.journal(entity: "h").flatMap { try store.journalRecords(id: $0.id) }
        XCTAssertEqual(h.map(\.raw), [#"{"night":3}"#], "read in full each night: one copy, the last")

        // A replay that parks the record again keeps one copy too.
        let holder = try store.journal(entity: "e").first {
            try store.journalRecords(id: $0.id).contains { $0.key == "a" }
        }!
        try store.finishReplay(
            id: holder.id, reparked: [.sink: [RejectedRecord(record: version("a", 10, "a10"), reason: "still bad")]],
            runID: "replay")
        XCTAssertEqual(
            try store.journal(entity: "e").flatMap { try store.journalRecords(id: $0.id) }.filter { $0.key == "a" }
                .count, 1)
    }

    func testAFailedTransactionLeavesNothingBehind() throws {
        let store = try StateStore(path: path, pipeline: "p")
        XCTAssertThrowsError(
            try store.db.transaction {
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

final class ParameterBufferTests: XCTestCase {
    func testEveryKindBindsInOrderAndEmptyTextIsNotNull() throws {
        let path = NSTemporaryDirectory() + "mlc-params-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try SQLiteDatabase(path: path)
        try db.execute("CREATE TABLE t (a, b, c, d, e, f)")
        var p = ParameterBuffer(capacity: 4)  // smaller than the row: the buffer grows before anything is bound
        p.append("Müller GmbH, \"quoted\"")
        p.append(Int64(-42))
        p.append(2.5)
        p.appendNull()
        p.append("")
        p.appendText { Timestamp(seconds: 0).appendISO8601(to: &$0, dateOnly: true) }
        try db.statement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)").run(p)
        // Reused for a second row: nothing of the first may leak into it.
        p.removeAll()
        for v in ["x", "y", "z", "", "w", "v"] { p.append(v) }
        try db.statement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)").run(p)

        let rows = try db.query("SELECT a, b, c, d, e, typeof(e), f FROM t ORDER BY rowid")
        XCTAssertEqual(
            rows[0],
            [
                .text("Müller GmbH, \"quoted\""), .int(-42), .double(2.5), .null, .text(""), .text("text"),
                .text("1970-01-01"),
            ])
        XCTAssertEqual(rows[1], [.text("x"), .text("y"), .text("z"), .text(""), .text("w"), .text("text"), .text("v")])
    }

    func testRowsOfOneBufferRunOneAtATimeAndAnOpenRowCanBeDiscarded() throws {
        let path = NSTemporaryDirectory() + "mlc-rows-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try SQLiteDatabase(path: path)
        try db.execute("CREATE TABLE t (a, b)")
        var p = ParameterBuffer(capacity: 1)
        p.append("first")
        p.append(Int64(1))
        XCTAssertEqual(p.endRow(), 0)
        p.append("half a row")
        p.discardOpenRow()
        p.append("second")
        p.appendNull()
        XCTAssertEqual(p.endRow(), 1)
        XCTAssertEqual(p.rowCount, 2)
        let insert = try db.statement("INSERT INTO t VALUES (?, ?)")
        try insert.run(p, row: 1)
        try insert.run(p, row: 0)
        XCTAssertEqual(
            try db.query("SELECT a, b FROM t ORDER BY rowid"), [[.text("second"), .null], [.text("first"), .int(1)]])
    }

    func testAReaderLeavesARollbackJournalFileOutOfWALMode() throws {
        let path = NSTemporaryDirectory() + "mlc-journal-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let writer = try SQLiteDatabase(path: path, journal: .rollback)
        try writer.execute("CREATE TABLE t (a); INSERT INTO t VALUES (1)")
        let reader = try SQLiteDatabase(path: path, journal: nil)
        XCTAssertEqual(try reader.query("SELECT a FROM t"), [[.int(1)]])
        // Only WAL is recorded in the file; a reader that leaves the mode alone must not turn it on.
        XCTAssertNotEqual(try reader.query("PRAGMA journal_mode").first?.first?.text, "wal")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"))
        try writer.execute("INSERT INTO t VALUES (2)")
        XCTAssertEqual(try reader.query("SELECT count(*) FROM t"), [[.int(2)]])
    }
}
