import Foundation
import MLCCore
import MLCState
import MLCTestKit
import XCTest

@testable import LocalWarehouse

final class LocalWarehouseTests: XCTestCase {
    var directory: String!
    let run = RunContext(runID: "run-1", startedAt: .now())

    override func setUp() {
        directory = NSTemporaryDirectory() + "mlc-lw-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testUpsertKeepsTheNewestVersionAndAuditsEveryRecord() async throws {
        try await assertUpsertKeepsTheNewestVersion(journal: .rollback)
    }

    func testTheSameHoldsInWALMode() async throws {
        try await assertUpsertKeepsTheNewestVersion(journal: .wal)
    }

    /// An entity read in full each run (no change stamp): a row changes only when its object does.
    func testRowsWithoutAChangeStampChangeOnlyWhenTheirObjectDoes() async throws {
        let wh = try LocalWarehouse(path: directory + "/stampless.sqlite", journal: .rollback)
        defer { Task { await wh.close() } }
        try await wh.prepare(Fixtures.schema)
        func stampless(_ i: Int, _ name: String) -> Record {
            var r = Fixtures.record(i, name: name)
            r.modifiedAt = nil
            return r
        }
        let first = try await wh.write(
            RecordBatch(entity: "items", records: [stampless(1, "A"), stampless(2, "B")]), schema: Fixtures.schema,
            run: run)
        XCTAssertEqual(first.written, 2)
        let again = try await wh.write(
            RecordBatch(entity: "items", records: [stampless(1, "A"), stampless(2, "B, renamed")]),
            schema: Fixtures.schema, run: run)
        XCTAssertEqual(again.written, 1, "only the changed object")
        XCTAssertEqual(again.unchanged, 1, "the same object leaves the row alone")
        XCTAssertEqual(
            try wh.db.query(#"SELECT name FROM "items" ORDER BY _mlc_key"#).map { $0[0] },
            [.text("A"), .text("B, renamed")])
    }

    func assertUpsertKeepsTheNewestVersion(
        journal: SQLiteDatabase.Journal, file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let path = directory + "/w-\(journal).sqlite"
        let wh = try LocalWarehouse(path: path, journal: journal)
        defer { Task { await wh.close() } }
        XCTAssertEqual(try wh.db.query("PRAGMA journal_mode").first?.first?.text, journal == .wal ? "wal" : "persist")
        try await wh.prepare(Fixtures.schema)
        let v1 = Fixtures.record(1, modified: 100, name: "Müller GmbH")
        let v2 = Fixtures.record(1, modified: 200, name: "Müller AG")
        let stale = Fixtures.record(1, modified: 150, name: "stale")
        _ = try await wh.write(
            RecordBatch(entity: "items", records: [v1, Fixtures.record(2)]), schema: Fixtures.schema, run: run)
        let ack = try await wh.write(
            RecordBatch(entity: "items", records: [v2, stale]), schema: Fixtures.schema, run: run)
        XCTAssertEqual(ack.written, 1)
        XCTAssertEqual(ack.unchanged, 1, "the stale version is accepted and leaves the row alone")
        let rows = try wh.db.query(#"SELECT _mlc_key, name, amount, modified_at, _raw FROM "items" ORDER BY _mlc_key"#)
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0][1], .text("Müller AG"), "an older version never overwrites a newer one")
        XCTAssertEqual(rows[0][2], .text("1.50"), "decimals keep their digits")
        XCTAssertEqual(rows[0][3], .text(Timestamp(seconds: 1_700_000_200).iso8601))
        XCTAssertEqual(rows[0][4], .text(v2.raw))
        let audit = try wh.db.query("SELECT source_id, result FROM mlc_audit WHERE run_id = 'run-1' ORDER BY rowid")
        XCTAssertEqual(audit.map { $0[1].text! }, ["written", "written", "written", "unchanged"])
    }

    func testAppendModeKeepsEveryVersion() async throws {
        let wh = try LocalWarehouse(path: directory + "/a.sqlite", mode: .append)
        try await wh.prepare(Fixtures.schema)
        _ = try await wh.write(
            RecordBatch(entity: "items", records: [Fixtures.record(1, modified: 1), Fixtures.record(1, modified: 2)]),
            schema: Fixtures.schema, run: run)
        XCTAssertEqual(try wh.db.query(#"SELECT count(*) FROM "items""#)[0][0], .int(2))
    }

    func testAdditiveSchemaEvolutionAndIncompatibleTypeChange() async throws {
        let wh = try LocalWarehouse(path: directory + "/e.sqlite")
        try await wh.prepare(Fixtures.schema)
        var wider = Fixtures.schema
        wider.columns.append(.init("currency", .string))
        try await wh.prepare(wider)
        var r = Fixtures.record(3)
        r.fields["currency"] = .string("EUR")
        _ = try await wh.write(RecordBatch(entity: "items", records: [r]), schema: wider, run: run)
        XCTAssertEqual(try wh.db.query(#"SELECT currency FROM "items""#)[0][0], .text("EUR"))

        var changed = wider
        changed.columns[2].type = .int
        do {
            try await wh.prepare(changed)
            XCTFail("an incompatible type change must fail")
        } catch let e as MLCError {
            XCTAssertTrue(e.message.contains("amount"), e.message)
            XCTAssertTrue(e.hint!.contains("cast"), e.hint!)
        }
    }

    func testAValueThatDoesNotFitItsColumnIsRejectedAndAudited() async throws {
        let wh = try LocalWarehouse(path: directory + "/r.sqlite")
        try await wh.prepare(Fixtures.schema)
        var bad = Fixtures.record(7)
        bad.fields["amount"] = .string("n/a")
        let ack = try await wh.write(
            RecordBatch(entity: "items", records: [Fixtures.record(6), bad]), schema: Fixtures.schema, run: run)
        XCTAssertEqual(ack.written, 1)
        XCTAssertEqual(ack.rejected.map(\.record.key), ["K00007"])
        let audit = try wh.db.query("SELECT source_id, result, error FROM mlc_audit WHERE result = 'rejected'")
        XCTAssertEqual(audit.count, 1)
        XCTAssertEqual(audit[0][0], .text("K00007"))
        XCTAssertTrue(audit[0][2].text!.contains("n/a"))
    }

    /// Rows are encoded a chunk ahead on another thread: rejections at chunk edges must not shift the
    /// rows around them, and every record keeps its own values and audit row, in batch order.
    func testALargeBatchWithRejectionsAtChunkEdgesLoadsEveryOtherRecordExactly() async throws {
        let wh = try LocalWarehouse(path: directory + "/big.sqlite")
        try await wh.prepare(Fixtures.schema)
        let badIndexes: Set<Int> = [
            0, RowEncoder.chunkSize - 1, RowEncoder.chunkSize, 2 * RowEncoder.chunkSize + 5, 699,
        ]
        let records = (0..<700).map { i -> Record in
            var r = Fixtures.record(i)
            if badIndexes.contains(i) { r.fields["amount"] = .string("bad \(i)") }
            return r
        }
        let ack = try await wh.write(RecordBatch(entity: "items", records: records), schema: Fixtures.schema, run: run)
        XCTAssertEqual(ack.written, 700 - badIndexes.count)
        XCTAssertEqual(ack.rejected.map(\.record.key), badIndexes.sorted().map { records[$0].key })
        XCTAssertTrue(ack.rejected.allSatisfy { $0.reason.contains("bad ") })
        let rows = try wh.db.query(#"SELECT _mlc_key, name, amount FROM "items" ORDER BY _mlc_key"#)
        let expected = records.indices.filter { !badIndexes.contains($0) }
        XCTAssertEqual(rows.map { $0[0].text! }, expected.map { records[$0].key })
        XCTAssertEqual(rows.map { $0[1].text! }, expected.map { records[$0].fields["name"]!.text! })
        XCTAssertEqual(rows.map { $0[2].text! }, expected.map { records[$0].fields["amount"]!.text! })
        let audit = try wh.db.query("SELECT source_id, result FROM mlc_audit ORDER BY rowid")
        XCTAssertEqual(audit.map { $0[0].text! }, records.map(\.key), "one audit row per record, in batch order")
        XCTAssertEqual(audit.indices.filter { audit[$0][1] == .text("rejected") }, badIndexes.sorted())
    }
}

final class LocalWarehouseCaseTests: XCTestCase {
    func testColumnsDifferingOnlyInCaseAreAClearError() async throws {
        let path = NSTemporaryDirectory() + "mlc-case-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wh = try LocalWarehouse(path: path)
        try await wh.prepare(
            EntitySchema(
                name: "suppliers", columns: [.init("id", .string), .init("name", .string)], primaryKey: ["id"],
                cursorField: nil))
        do {
            try await wh.prepare(
                EntitySchema(
                    name: "suppliers", columns: [.init("id", .string), .init("Name", .string)], primaryKey: ["id"],
                    cursorField: nil))
            XCTFail("expected a clash")
        } catch let e as MLCError {
            XCTAssertTrue(e.message.contains("clashes with the existing column name"), e.message)
        }
    }
}
