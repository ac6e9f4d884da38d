import MLCState
import MLCTestKit
import MLCTransforms
import XCTest

@testable import MLCCore

final class PipelineTests: XCTestCase {
    var directory: String!

    override func setUp() {
        directory = NSTemporaryDirectory() + "mlc-pipeline-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func makeState() throws -> StateStore { try StateStore(path: directory + "/state.sqlite", pipeline: "p") }

    func pipeline(
        _ source: InMemorySource, _ sink: InMemorySink, _ state: StateStore, batchRecords: Int = 20,
        transforms: [any Transform] = []
    ) -> Pipeline {
        var options = PipelineOptions()
        options.batchRecords = batchRecords
        return Pipeline(name: "p", source: source, sink: sink, transforms: transforms, state: state, options: options)
    }

    func testFullRunDeliversEveryRecordOnceAndStoresTheLastCursor() async throws {
        let records = (0..<95).map { Fixtures.record($0) }
        let source = InMemorySource(entities: [Fixtures.schema], records: ["items": records], pageSize: 10)
        let sink = InMemorySink()
        let state = try makeState()
        let summary = await pipeline(source, sink, state).run()
        XCTAssertEqual(summary.status, .ok)
        XCTAssertEqual(summary.entities[0].read, 95)
        XCTAssertEqual(summary.entities[0].written, 95)
        XCTAssertEqual(sink.rows["items"]?.count, 95)
        XCTAssertTrue(sink.deliveries.values.allSatisfy { $0 == 1 })
        XCTAssertEqual(try state.cursor(entity: "items")?.key, "K00094")
        // Batches close on page boundaries: 20 records → 2 pages per batch.
        XCTAssertEqual(sink.batches, 5)
    }

    func testFailingSinkParksTheBatchAndTheNextRunDeliversItExactlyOnce() async throws {
        let records = (0..<60).map { Fixtures.record($0) }
        let source = InMemorySource(entities: [Fixtures.schema], records: ["items": records], pageSize: 10)
        let sink = InMemorySink()
        sink.failingBatches = [2]  // the second batch (records 20…39) fails
        let state = try makeState()

        let first = await pipeline(source, sink, state).run()
        XCTAssertEqual(first.status, .partial)
        XCTAssertEqual(first.exitCode, 3)
        XCTAssertEqual(first.entities[0].parked, 20)
        // The cursor moved only together with the journal write: it covers exactly what is acknowledged or parked.
        XCTAssertEqual(try state.cursor(entity: "items")?.key, "K00039")
        let journal = try state.journal(entity: "items")
        XCTAssertEqual(journal.map(\.count), [20])
        XCTAssertEqual(
            try state.journalRecords(id: journal[0].id).map(\.key), (20..<40).map { Fixtures.record($0).key })
        XCTAssertNil(sink.rows["items"]?["K00020"], "a failed batch is not in the sink")

        let second = await pipeline(source, sink, state).run()
        XCTAssertEqual(second.status, .ok)
        XCTAssertEqual(second.entities[0].replayed, 20)
        XCTAssertEqual(sink.rows["items"]?.count, 60)
        XCTAssertEqual(sink.deliveries.count, 60)
        XCTAssertTrue(
            sink.deliveries.values.allSatisfy { $0 == 1 },
            "nothing doubled: \(sink.deliveries.filter { $0.value != 1 })")
        XCTAssertTrue(try state.journal(entity: "items").isEmpty)
    }

    func testSinkDownDuringReplayKeepsTheJournalAndReadsNothingNew() async throws {
        let source = InMemorySource(
            entities: [Fixtures.schema], records: ["items": (0..<30).map { Fixtures.record($0) }], pageSize: 10)
        let sink = InMemorySink()
        sink.down = true
        let state = try makeState()
        let first = await pipeline(source, sink, state).run()
        XCTAssertEqual(first.entities[0].parked, 20)
        XCTAssertEqual(first.exitCode, 3)

        let again = await pipeline(source, sink, state).run()
        XCTAssertEqual(again.exitCode, 3, "still down: partial, not failed")
        XCTAssertEqual(again.entities[0].read, 0, "the source is not read while the journal cannot drain")
        XCTAssertEqual(try state.journal(entity: "items").map(\.count), [20])

        sink.down = false
        let replay = await pipeline(source, sink, state).run(replayOnly: true)
        XCTAssertEqual(replay.status, .ok)
        XCTAssertEqual(replay.entities[0].replayed, 20)
        XCTAssertEqual(replay.entities[0].read, 0)
        let last = await pipeline(source, sink, state).run()
        XCTAssertEqual(last.entities[0].read, 10)
        XCTAssertEqual(sink.rows["items"]?.count, 30)
        XCTAssertTrue(sink.deliveries.values.allSatisfy { $0 == 1 })
    }

    func testRecordsTheSinkRejectsAreParkedWhileTheRestLoads() async throws {
        let source = InMemorySource(
            entities: [Fixtures.schema], records: ["items": (0..<25).map { Fixtures.record($0) }], pageSize: 10)
        let sink = InMemorySink()
        sink.rejectKeys = ["K00003", "K00017"]
        let state = try makeState()
        let summary = await pipeline(source, sink, state).run()
        XCTAssertEqual(summary.entities[0].written, 23)
        XCTAssertEqual(summary.entities[0].parked, 2)
        XCTAssertEqual(summary.exitCode, 3)
        XCTAssertEqual(
            try state.journal(entity: "items").flatMap { try state.journalRecords(id: $0.id).map(\.key) },
            ["K00003", "K00017"])
        sink.rejectKeys = []
        _ = await pipeline(source, sink, state).run(replayOnly: true)
        XCTAssertEqual(sink.rows["items"]?.count, 25)
        XCTAssertTrue(try state.journal(entity: "items").isEmpty)
    }

    /// Twelve records, the sixth with an amount no decimal cast accepts, and a fresh sink and state.
    func malformedAmount() throws -> ([Record], InMemorySource, InMemorySink, StateStore, ConnectorContext) {
        var records = (0..<12).map { Fixtures.record($0) }
        records[5].fields["amount"] = .string("12,50 EUR")
        let source = InMemorySource(entities: [Fixtures.schema], records: ["items": records], pageSize: 10)
        let context = ConnectorContext(
            manifestDirectory: "/", secrets: SecretResolver(manifestDirectory: "/"), log: .quiet)
        return (records, source, InMemorySink(), try makeState(), context)
    }

    func testAMalformedRecordIsParkedNotDropped() async throws {
        let (records, source, sink, state, context) = try malformedAmount()
        // A step that changes every record runs before the one that refuses this record.
        let stamp = try ConstantTransform.makeTransform(
            config: ["field": "source_system", "value": "CSI"], context: context)
        let cast = try CastTransform.makeTransform(config: ["field": "amount", "to": "decimal"], context: context)
        let summary = await pipeline(source, sink, state, transforms: [stamp, cast]).run()
        XCTAssertEqual(summary.entities[0].written, 11)
        XCTAssertEqual(summary.entities[0].parked, 1)
        let entry = try state.journal(entity: "items")[0]
        XCTAssertEqual(entry.stage, .transform)
        XCTAssertTrue(entry.reason.contains("12,50 EUR"), entry.reason)
        let parked = try state.journalRecords(id: entry.id)[0]
        XCTAssertEqual(parked, records[5], "parked as it came from the source, without the earlier step's column")
        XCTAssertEqual(sink.rows["items"]?[records[4].key]?.fields["source_system"], .string("CSI"))

        // The manifest is fixed (the cast removed): the parked record goes through the transforms again and loads.
        let fixed = await pipeline(source, sink, state).run(replayOnly: true)
        XCTAssertEqual(fixed.entities[0].replayed, 1)
        XCTAssertEqual(sink.rows["items"]?[records[5].key]?.fields["amount"], .string("12,50 EUR"))
        XCTAssertTrue(try state.journal(entity: "items").isEmpty)
    }

    /// A transform-parked record the sink then refuses on replay is already transformed: it is parked as `sink`
    /// and never transformed a second time (a hash of a hash would be wrong for good).
    func testARecordTheSinkRefusesOnReplayIsNotTransformedTwice() async throws {
        let (records, source, sink, state, context) = try malformedAmount()
        let hash = try HashTransform.makeTransform(config: ["fields": ["name"]], context: context)
        let cast = try CastTransform.makeTransform(config: ["field": "amount", "to": "decimal"], context: context)
        _ = await pipeline(source, sink, state, transforms: [hash, cast]).run()
        // The manifest is fixed, but the sink refuses the record once more on replay.
        sink.rejectKeys = [records[5].key]
        _ = await pipeline(source, sink, state, transforms: [hash]).run(replayOnly: true)
        XCTAssertEqual(try state.journal(entity: "items").map(\.stage), [.sink])
        sink.rejectKeys = []
        _ = await pipeline(source, sink, state, transforms: [hash]).run(replayOnly: true)
        var once = records[5]
        try hash.apply(&once)
        XCTAssertEqual(sink.rows["items"]?[records[5].key]?.fields["name"], once.fields["name"], "hashed exactly once")
        XCTAssertTrue(try state.journal(entity: "items").isEmpty)
    }

    func testSourceFailureCheckpointsTheWholePagesReadBeforeIt() async throws {
        let source = InMemorySource(
            entities: [Fixtures.schema], records: ["items": (0..<50).map { Fixtures.record($0) }], pageSize: 10)
        source.failure = (
            afterPages: 3,
            error: MLCError(.sourceFailed, "gateway timeout", retryable: true, context: .init(httpStatus: 504))
        )
        let sink = InMemorySink()
        let state = try makeState()
        let first = await pipeline(source, sink, state).run()
        XCTAssertEqual(first.status, .failed)
        XCTAssertEqual(first.exitCode, 1)
        XCTAssertEqual(first.entities[0].error?.context.httpStatus, 504)
        XCTAssertEqual(
            try state.cursor(entity: "items")?.key, "K00029", "the three pages read before the failure are checkpointed"
        )
        XCTAssertEqual(first.entities[0].written, 30)
        let second = await pipeline(source, sink, state).run()
        XCTAssertEqual(second.status, .ok)
        XCTAssertEqual(sink.rows["items"]?.count, 50)
        XCTAssertTrue(
            sink.deliveries.values.allSatisfy { $0 == 1 }, "each record sent once: the second run resumes after page 3")
    }

    /// The state store refuses to park a failed batch (the file is locked): nothing after it may be written or
    /// checkpointed, or the failed batch's records would be skipped for good.
    func testABatchNeitherLoadedNorParkedStopsTheEntityWithTheCursorBeforeIt() async throws {
        final class LockedOnPark: PipelineState {
            let inner: StateStore
            init(_ inner: StateStore) { self.inner = inner }
            func cursor(entity: String) throws -> Cursor? { try inner.cursor(entity: entity) }
            func commit(entity: String, cursor: Cursor, runID: String) throws {
                try inner.commit(entity: entity, cursor: cursor, runID: runID)
            }
            func park(
                entity: String, stage: ParkedStage, reason: String, records: [Record], runID: String,
                thenCommit cursor: Cursor?
            ) throws { throw MLCError(.state, "database is locked") }
            func journal(entity: String) throws -> [JournalEntry] { try inner.journal(entity: entity) }
            func journalRecords(id: Int64) throws -> [Record] { try inner.journalRecords(id: id) }
            func finishReplay(id: Int64, reparked: [ParkedStage: [RejectedRecord]], runID: String) throws {
                try inner.finishReplay(id: id, reparked: reparked, runID: runID)
            }
            func beginRun(runID: String, pipeline: String) throws {
                try inner.beginRun(runID: runID, pipeline: pipeline)
            }
            func endRun(runID: String, status: String, summary: JSON) throws {
                try inner.endRun(runID: runID, status: status, summary: summary)
            }
        }
        let source = InMemorySource(
            entities: [Fixtures.schema], records: ["items": (0..<60).map { Fixtures.record($0) }], pageSize: 10)
        let sink = InMemorySink()
        sink.failingBatches = [2]
        let store = try makeState()
        let summary = await Pipeline(
            name: "p", source: source, sink: sink, transforms: [], state: LockedOnPark(store),
            options: {
                var o = PipelineOptions()
                o.batchRecords = 20
                return o
            }()
        ).run()
        XCTAssertEqual(summary.entities[0].error?.code, .state, "\(String(describing: summary.entities[0].error))")
        XCTAssertEqual(
            try store.cursor(entity: "items")?.key, "K00019",
            "the cursor stays before the batch that was lost in flight")
        XCTAssertEqual(sink.rows["items"]?.count, 20, "nothing after the failed batch was written")
    }

    func testEntitiesRunConcurrentlyWithinTheBound() async throws {
        let schemas = (0..<4).map { i in
            EntitySchema(
                name: "e\(i)", columns: Fixtures.schema.columns, primaryKey: ["id"], cursorField: "modified_at")
        }
        let records = Dictionary(
            uniqueKeysWithValues: schemas.map { s in (s.name, (0..<15).map { Fixtures.record($0, entity: s.name) }) })
        let source = InMemorySource(entities: schemas, records: records, pageSize: 5)
        let sink = InMemorySink()
        let summary = await pipeline(source, sink, try makeState()).run()
        XCTAssertEqual(summary.entities.map(\.entity), ["e0", "e1", "e2", "e3"])
        XCTAssertEqual(summary.entities.map(\.written), [15, 15, 15, 15])
        XCTAssertTrue(summary.table.contains("total"))
    }
}
