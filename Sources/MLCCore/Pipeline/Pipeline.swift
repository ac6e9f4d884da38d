import Foundation

/// Runs one manifest's entities: drain the replay journal, then stream pages → transforms → batches
/// → sink, moving each entity's cursor only after the sink acknowledged everything before it.
public final class Pipeline {
    public typealias ProgressHandler = @Sendable (EntitySummary) -> Void

    let name: String
    let source: any Source
    let sink: any Sink
    let transforms: [any Transform]
    let state: any PipelineState
    let options: PipelineOptions
    let log: EventLog
    let progress: ProgressHandler?

    public init(name: String, source: any Source, sink: any Sink, transforms: [any Transform], state: any PipelineState,
                options: PipelineOptions, log: EventLog = .quiet, progress: ProgressHandler? = nil) {
        self.name = name; self.source = source; self.sink = sink; self.transforms = transforms
        self.state = state; self.options = options; self.log = log; self.progress = progress
    }

    public static func newRunID() -> String {
        let t = Timestamp.now().iso8601.prefix(19).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        return "\(t)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// Runs every configured entity. `replayOnly` drains the journal without reading the source.
    public func run(replayOnly: Bool = false) async -> RunSummary {
        let run = RunContext(runID: Self.newRunID(), startedAt: .now())
        let clock = ContinuousClock.now
        log.info("run.start", [("run", run.runID), ("pipeline", name), ("entities", String(source.entities.count))])
        do { try state.beginRun(runID: run.runID, pipeline: name) } catch {
            var s = EntitySummary(entity: "*")
            s.error = MLCError.wrap(error, .state)
            return RunSummary(runID: run.runID, entities: [s], seconds: 0)
        }
        let schemas = source.entities
        var results: [Int: EntitySummary] = [:]
        await withTaskGroup(of: (Int, EntitySummary).self) { group in
            var next = 0
            func startNext() {
                guard next < schemas.count else { return }
                let i = next
                next += 1
                group.addTask { (i, await self.runEntity(schemas[i], run: run, replayOnly: replayOnly)) }
            }
            for _ in 0..<min(options.concurrency, schemas.count) { startNext() }
            for await (i, summary) in group {
                results[i] = summary
                startNext()
            }
        }
        let summary = RunSummary(runID: run.runID, entities: schemas.indices.map { results[$0]! },
                                 seconds: (ContinuousClock.now - clock).seconds)
        try? state.endRun(runID: run.runID, status: summary.status.rawValue, summary: summary.json)
        await source.close()
        log.info("run.end", [("run", run.runID), ("status", summary.status.rawValue), ("parked", String(summary.parked))])
        return summary
    }

    func runEntity(_ sourceSchema: EntitySchema, run: RunContext, replayOnly: Bool) async -> EntitySummary {
        var summary = EntitySummary(entity: sourceSchema.name)
        let started = ContinuousClock.now
        defer { _ = started }
        do {
            let schema = try applicableTransforms(sourceSchema.name).reduce(sourceSchema) { try $1.transform(schema: $0) }
            try await sink.prepare(schema)
            log.info("entity.start", [("entity", schema.name)])
            let drained = try await drainJournal(schema, run: run, summary: &summary)
            if drained && !replayOnly {
                try await readSource(sourceSchema, schema: schema, run: run, summary: &summary)
            }
        } catch {
            summary.error = MLCError.wrap(error).with(entity: sourceSchema.name)
            log.error("entity.failed", [("entity", sourceSchema.name), ("error", summary.error!.description)])
        }
        summary.seconds = (ContinuousClock.now - started).seconds
        progress?(summary)
        log.info("entity.end", [("entity", summary.entity), ("read", String(summary.read)), ("written", String(summary.written)),
                                ("parked", String(summary.parked)), ("requests", String(summary.requests))])
        return summary
    }

    private func applicableTransforms(_ entity: String) -> [any Transform] {
        transforms.filter { $0.entity == nil || $0.entity == entity }
    }

    /// Sends parked records first. Returns false when the sink is still unavailable (the entity stops).
    private func drainJournal(_ schema: EntitySchema, run: RunContext, summary: inout EntitySummary) async throws -> Bool {
        for entry in try state.journal(entity: schema.name) {
            var records = try state.journalRecords(id: entry.id)
            var rejected: [RejectedRecord] = []
            if entry.stage == .transform {
                (records, rejected) = transformAll(records)
            }
            let ack: Ack
            do {
                ack = try await sink.write(RecordBatch(entity: schema.name, records: records), schema: schema, run: run)
            } catch {
                let e = MLCError.wrap(error, .sinkFailed).with(entity: schema.name)
                summary.parked += entry.count
                summary.error = MLCError(.sinkUnavailable, "replay of \(entry.count) parked record(s) failed: \(e.message)",
                                         hint: e.hint ?? "the records stay in the journal; run `mlc replay` once the sink is back",
                                         retryable: true, context: e.context)
                return false
            }
            try state.finishReplay(id: entry.id, reparked: rejected + ack.rejected,
                                   stage: rejected.isEmpty ? .sink : entry.stage, runID: run.runID)
            summary.replayed += ack.written
            summary.written += ack.written
            summary.parked += rejected.count + ack.rejected.count
            log.info("journal.replayed", [("entity", schema.name), ("entry", String(entry.id)), ("written", String(ack.written))])
        }
        return true
    }

    private func transformAll(_ records: [Record]) -> ([Record], [RejectedRecord]) {
        var out: [Record] = []
        var rejected: [RejectedRecord] = []
        out.reserveCapacity(records.count)
        let steps = records.first.map { applicableTransforms($0.entity) } ?? []
        for var record in records {
            let original = record
            do {
                for t in steps { try t.apply(&record) }
                out.append(record)
            } catch {
                rejected.append(RejectedRecord(record: original, reason: "transform: \(error)"))
            }
        }
        return (out, rejected)
    }

    private func readSource(_ sourceSchema: EntitySchema, schema: EntitySchema, run: RunContext, summary: inout EntitySummary) async throws {
        let reader = try source.read(entity: sourceSchema, from: try state.cursor(entity: schema.name))
        var batch: [Record] = []
        var batchBytes = 0
        var lastPageCursor: Cursor?

        // Batches close on page boundaries only, so the cursor stored with a batch covers exactly its records.
        func flush() async throws -> Bool {
            guard let cursor = lastPageCursor else { return true }
            defer { batch.removeAll(keepingCapacity: true); batchBytes = 0; lastPageCursor = nil }
            if batch.isEmpty {
                try state.commit(entity: schema.name, cursor: cursor, runID: run.runID)
                return true
            }
            do {
                let ack = try await sink.write(RecordBatch(entity: schema.name, records: batch), schema: schema, run: run)
                if ack.rejected.isEmpty {
                    try state.commit(entity: schema.name, cursor: cursor, runID: run.runID)
                } else {
                    try state.park(entity: schema.name, stage: .sink, reason: ack.rejected[0].reason,
                                   records: ack.rejected.map(\.record), runID: run.runID, thenCommit: cursor)
                    summary.parked += ack.rejected.count
                }
                summary.written += ack.written
                progress?(summary)
                return true
            } catch {
                let e = MLCError.wrap(error, .sinkFailed).with(entity: schema.name)
                try state.park(entity: schema.name, stage: .sink, reason: e.message, records: batch, runID: run.runID, thenCommit: cursor)
                summary.parked += batch.count
                summary.error = MLCError(.sinkUnavailable, "the sink failed; \(batch.count) record(s) parked for replay: \(e.message)",
                                         hint: e.hint ?? "`mlc replay` (or the next run) sends them once the sink is back",
                                         retryable: e.retryable, context: e.context)
                log.warning("batch.parked", [("entity", schema.name), ("records", String(batch.count)), ("error", e.description)])
                return false
            }
        }

        let steps = applicableTransforms(sourceSchema.name)
        while let page = try await reader.next() {
            summary.read += page.records.count
            summary.requests += page.requests
            var rejected: [RejectedRecord] = []
            for var record in page.records {
                let original = record
                do {
                    for t in steps { try t.apply(&record) }
                } catch {
                    rejected.append(RejectedRecord(record: original, reason: "transform: \(error)"))
                    continue
                }
                batchBytes += record.approximateBytes
                batch.append(record)
            }
            if !rejected.isEmpty {
                // A record no transform can handle is parked, never dropped; the cursor does not move here.
                try state.park(entity: schema.name, stage: .transform, reason: rejected[0].reason,
                               records: rejected.map(\.record), runID: run.runID, thenCommit: nil)
                summary.parked += rejected.count
                log.warning("records.parked", [("entity", schema.name), ("records", String(rejected.count)),
                                               ("first", rejected[0].record.key), ("reason", rejected[0].reason)])
            }
            lastPageCursor = page.cursor
            if batchBytes >= options.batchBytes || batch.count >= options.batchRecords {
                guard try await flush() else { return }
            }
        }
        _ = try await flush()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
