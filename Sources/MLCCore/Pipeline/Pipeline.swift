import CoreMetrics
import Foundation

/// Runs one manifest's entities: drain the replay journal, then stream pages → transforms → batches
/// → sink, moving each entity's cursor only after the sink acknowledged everything before it.
public final class Pipeline: Sendable {
    public typealias ProgressHandler = @Sendable (EntitySummary) -> Void

    let name: String
    let source: any Source
    let sink: any Sink
    let transforms: [any Transform]
    let state: any PipelineState
    let options: PipelineOptions
    let log: EventLog
    let progress: ProgressHandler?
    let interruption: Interruption?

    public init(
        name: String, source: any Source, sink: any Sink, transforms: [any Transform], state: any PipelineState,
        options: PipelineOptions, log: EventLog = .quiet, progress: ProgressHandler? = nil,
        interruption: Interruption? = nil
    ) {
        self.name = name
        self.source = source
        self.sink = sink
        self.transforms = transforms
        self.state = state
        self.options = options
        self.log = log
        self.progress = progress
        self.interruption = interruption
    }

    var interrupted: Bool { interruption?.signal != nil }

    public static func newRunID() -> String {
        let t = Timestamp.now().iso8601.prefix(19).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: "-", with: "")
        return "\(t)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// Runs every configured entity. `replayOnly` drains the journal without reading the source.
    public func run(replayOnly: Bool = false) async -> RunSummary {
        let run = RunContext(runID: Self.newRunID(), startedAt: .now())
        let clock = ContinuousClock.now
        // Every later line of the run names its pipeline and run, connectors' lines included.
        log.set("pipeline", name)
        log.set("run", run.runID)
        log.info("run.start", [("entities", String(source.entities.count))])
        do { try state.beginRun(runID: run.runID, pipeline: name) } catch {
            var s = EntitySummary(entity: "*")
            s.error = MLCError.wrap(error, .state)
            return RunSummary(runID: run.runID, entities: [s], seconds: 0)
        }
        // The lease's heartbeat, while the entities run.
        let heartbeat = Task { [state] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(20))
                try? state.heartbeat(runID: run.runID)
            }
        }
        defer { heartbeat.cancel() }
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
        let seconds = (ContinuousClock.now - clock).seconds
        let summary = RunSummary(
            runID: run.runID, entities: schemas.indices.map { results[$0]! }, seconds: seconds,
            statistics: await source.runStatistics(seconds: seconds) + sink.statistics())
        try? state.endRun(runID: run.runID, status: summary.status.rawValue, summary: summary.json)
        log.info(
            "run.end", [("status", summary.status.rawValue), ("parked", String(summary.parked))])
        return summary
    }

    func runEntity(_ sourceSchema: EntitySchema, run: RunContext, replayOnly: Bool) async -> EntitySummary {
        var summary = EntitySummary(entity: sourceSchema.name)
        let started = ContinuousClock.now
        if let interruption, interrupted {
            summary.error = interruption.error(detail: "not started")
            summary.phase = .done
            progress?(summary)
            return summary
        }
        do {
            let schema = try applicableTransforms(sourceSchema.name).reduce(sourceSchema) {
                try $1.transform(schema: $0)
            }
            summary.phase = .waitingOnSink
            progress?(summary)
            try await sink.prepare(schema)
            summary.phase = .reading
            progress?(summary)
            log.info("entity.start", [("entity", schema.name)])
            let drained = try await drainJournal(sourceSchema, schema: schema, run: run, summary: &summary)
            if drained && !replayOnly {
                try await readSource(sourceSchema, schema: schema, run: run, summary: &summary)
            }
        } catch {
            summary.error = MLCError.wrap(error).with(entity: sourceSchema.name)
            log.error("entity.failed", [("entity", sourceSchema.name), ("error", summary.error!.description)])
        }
        summary.seconds = (ContinuousClock.now - started).seconds
        summary.phase = .done
        progress?(summary)
        log.info(
            "entity.end",
            [
                ("entity", summary.entity), ("read", String(summary.read)), ("written", String(summary.written)),
                ("parked", String(summary.parked)), ("requests", String(summary.requests)),
            ])
        return summary
    }

    private func applicableTransforms(_ entity: String) -> [any Transform] {
        transforms.filter { $0.entity == nil || $0.entity == entity }
    }

    /// Sends parked records first. Returns false when the sink is still unavailable (the entity stops).
    private func drainJournal(
        _ sourceSchema: EntitySchema, schema: EntitySchema, run: RunContext, summary: inout EntitySummary
    ) async throws -> Bool {
        for entry in try state.journal(entity: schema.name) {
            if let interruption, interrupted {
                summary.error = interruption.error(detail: "parked records not yet replayed stay in the journal")
                return false
            }
            var records = try state.journalRecords(id: entry.id)
            var rejected: [RejectedRecord] = []
            if entry.stage == .source {
                // The source's own data got these parked: read them again, the tenant may have fixed them.
                guard let current = try await reread(sourceSchema, entry: entry, stored: records, summary: &summary)
                else {
                    continue
                }
                (records, rejected) = current
            }
            if entry.stage != .sink {
                rejected += TransformChain(steps: applicableTransforms(schema.name)).apply(&records)
            }
            let ack: Ack
            summary.phase = .waitingOnSink
            progress?(summary)
            defer { summary.phase = .reading }
            do {
                ack = try await timedWrite(records, schema: schema, run: run)
            } catch {
                let e = MLCError.wrap(error, .sinkFailed).with(entity: schema.name)
                summary.parked += entry.count
                summary.error = MLCError(
                    e.retryable ? .sinkUnavailable : .sinkFailed,
                    "replay of \(entry.count) parked record(s) failed: \(e.message)",
                    hint: e.hint ?? "the records stay in the journal; run `mlc replay` once the sink is back",
                    retryable: true, context: e.context)
                return false
            }
            // What the sink refused is already transformed (parked as `sink`, never transformed twice); what the
            // source or the transforms refused keeps the entry's stage.
            var reparked: [ParkedStage: [RejectedRecord]] = [.sink: ack.rejected]
            reparked[entry.stage, default: []] += rejected
            try state.finishReplay(id: entry.id, reparked: reparked, runID: run.runID)
            summary.replayed += ack.written + ack.unchanged
            summary.written += ack.written
            summary.unchanged += ack.unchanged
            summary.parked += rejected.count + ack.rejected.count
            log.info(
                "journal.replayed",
                [("entity", schema.name), ("entry", String(entry.id)), ("written", String(ack.written))])
        }
        return true
    }

    /// The current versions of source-parked records and the source's refusals of them; keys the source no
    /// longer has are dropped with a warning. `nil` when the source cannot be asked now (the entry stays).
    private func reread(
        _ schema: EntitySchema, entry: JournalEntry, stored: [Record], summary: inout EntitySummary
    ) async throws -> ([Record], [RejectedRecord])? {
        // A source that cannot read by key at all: its stored copies are all there is — except a copy without a
        // key, which the source could not identify (a row it could not split): it is never loaded as it is.
        guard let plan = try source.reread(entity: schema, keys: stored.map(\.key)) else {
            return (
                stored.filter { !$0.key.isEmpty },
                stored.filter(\.key.isEmpty).map { RejectedRecord(record: $0, reason: entry.reason) }
            )
        }
        var records: [Record] = []
        // Records it cannot ask for (no key) stay parked as they are, never loaded from the stored copy.
        var refused = stored.filter { !plan.keys.contains($0.key) }.map {
            RejectedRecord(record: $0, reason: entry.reason)
        }
        do {
            while let page = try await plan.reader.next() {
                records += page.records
                refused += page.refused
                summary.requests += page.requests
            }
        } catch {
            let e = MLCError.wrap(error, .sourceFailed)
            summary.warnings.append("parked records were not re-read (\(e.message)); they stay in the journal")
            log.warning("journal.reread_failed", [("entity", schema.name), ("error", e.description)])
            return nil
        }
        let found = Set(records.map(\.key) + refused.map(\.record.key))
        let gone = stored.filter { plan.keys.contains($0.key) && !found.contains($0.key) }
        if !gone.isEmpty {
            summary.warnings.append(
                "\(gone.count) parked record(s) are no longer at the source and were dropped from the journal: "
                    + gone.prefix(5).map(\.key).joined(separator: ", ") + (gone.count > 5 ? ", …" : ""))
        }
        return (records, refused)
    }

    /// What writing one batch came to; applied to the summary by the reading loop.
    struct FlushOutcome {
        var written = 0
        var unchanged = 0
        var parked = 0
        var error: MLCError?
    }

    /// Writes a batch and moves the cursor in the same step as its acknowledgement (or parks the
    /// batch and moves the cursor in one transaction when the sink fails).
    private func writeBatch(
        _ records: [Record], cursor: Cursor, schema: EntitySchema, run: RunContext
    ) async throws -> FlushOutcome {
        var outcome = FlushOutcome()
        if records.isEmpty {
            try state.commit(entity: schema.name, cursor: cursor, runID: run.runID)
            return outcome
        }
        do {
            let ack = try await timedWrite(records, schema: schema, run: run)
            if ack.rejected.isEmpty {
                try state.commit(entity: schema.name, cursor: cursor, runID: run.runID)
            } else {
                try state.park(
                    entity: schema.name, stage: .sink, reason: ack.rejected[0].reason,
                    records: ack.rejected.map(\.record), runID: run.runID, thenCommit: cursor)
                outcome.parked = ack.rejected.count
                log.warning(
                    "batch.parked",
                    [
                        ("entity", schema.name), ("records", String(ack.rejected.count)),
                        ("error", ack.rejected[0].reason),
                    ])
            }
            outcome.written = ack.written
            outcome.unchanged = ack.unchanged
        } catch {
            let e = MLCError.wrap(error, .sinkFailed).with(entity: schema.name)
            try state.park(
                entity: schema.name, stage: .sink, reason: e.message, records: records, runID: run.runID,
                thenCommit: cursor)
            outcome.parked = records.count
            // Parked either way; only a retryable failure (the sink is down) makes the run "partial".
            outcome.error = MLCError(
                e.retryable ? .sinkUnavailable : .sinkFailed,
                "the sink failed; \(records.count) record(s) parked for replay: \(e.message)",
                hint: e.hint ?? "`mlc replay` (or the next run) sends them once the sink is back",
                retryable: e.retryable, context: e.context)
            log.warning(
                "batch.parked", [("entity", schema.name), ("records", String(records.count)), ("error", e.description)])
        }
        return outcome
    }

    /// The sink's write of one batch, timed as `mlc_sink_write_seconds` (Snowflake: the MERGE statements, polled
    /// to their end); a failed write is timed too, a timeout is the slowest write of all.
    private func timedWrite(_ records: [Record], schema: EntitySchema, run: RunContext) async throws -> Ack {
        let started = ContinuousClock.now
        defer {
            Timer(label: "mlc_sink_write_seconds", dimensions: [("pipeline", name), ("entity", schema.name)])
                .recordNanoseconds(Int64((ContinuousClock.now - started).seconds * 1e9))
        }
        return try await sink.write(RecordBatch(entity: schema.name, records: records), schema: schema, run: run)
    }

    private func readSource(
        _ sourceSchema: EntitySchema, schema: EntitySchema, run: RunContext, summary: inout EntitySummary
    ) async throws {
        let reader = try source.read(entity: sourceSchema, from: try state.cursor(entity: schema.name))
        let stage = PrefetchingStage(reader: reader, steps: applicableTransforms(sourceSchema.name))
        defer { stage.cancel() }
        var batch: [Record] = []
        var batchBytes = 0
        var lastPageCursor: Cursor?
        // One batch is written in the background while the next one fills; batches close on page
        // boundaries only, so the cursor stored with a batch covers exactly its records.
        var inFlight: Task<FlushOutcome, Error>?

        func settle() async throws -> Bool {
            guard let task = inFlight else { return true }
            inFlight = nil
            summary.phase = .waitingOnSink
            progress?(summary)
            let outcome = try await task.value
            summary.phase = .reading
            summary.written += outcome.written
            summary.unchanged += outcome.unchanged
            summary.parked += outcome.parked
            if let e = outcome.error {
                summary.error = e
                return false
            }
            progress?(summary)
            return true
        }

        func flush() async throws -> Bool {
            guard try await settle() else { return false }
            guard let cursor = lastPageCursor else { return true }
            let records = batch
            if !records.isEmpty {
                Recorder(label: "mlc_batch_bytes", dimensions: [("pipeline", name), ("entity", schema.name)])
                    .record(batchBytes)
            }
            batch = []
            batchBytes = 0
            lastPageCursor = nil
            inFlight = Task { try await self.writeBatch(records, cursor: cursor, schema: schema, run: run) }
            return true
        }

        // A failure of the reader (the source) and one of the sink or the state store end the entity differently.
        var readFailure: Error?
        func nextPage() async -> TransformedPage? {
            do { return try await stage.next() } catch {
                readFailure = error
                return nil
            }
        }
        do {
            while let page = await nextPage() {
                if let interruption, interrupted {
                    // The batch in flight is acknowledged; what was read since is not written, and the cursor
                    // stays before it, so the next run reads it again.
                    _ = try await settle()
                    summary.error = interruption.error(
                        detail:
                            "the batch in flight was acknowledged; \(batch.count + page.records.count) record(s) read since were not written"
                    )
                    return
                }
                summary.read += page.readCount
                summary.requests += page.requests
                summary.pages += 1
                for record in page.records { batchBytes += record.approximateBytes }
                batch.append(contentsOf: page.records)
                for warning in page.warnings where !summary.warnings.contains(warning) {
                    summary.warnings.append(warning)
                    log.warning("entity.warning", [("entity", schema.name), ("warning", warning)])
                }
                // A record the source could not type, or no transform can handle, is parked, never dropped.
                for (stage, refused) in [(ParkedStage.source, page.refused), (.transform, page.rejected)]
                where !refused.isEmpty {
                    try state.park(
                        entity: schema.name, stage: stage, reason: refused[0].reason,
                        records: refused.map(\.record), runID: run.runID, thenCommit: nil)
                    do { try await sink.audit(parked: refused, schema: schema, run: run) } catch {
                        // The records are safe in the journal; only their audit rows wait for the sink.
                        log.warning("audit.failed", [("entity", schema.name), ("error", "\(error)")])
                    }
                    summary.parked += refused.count
                    log.warning(
                        "records.parked",
                        [
                            ("entity", schema.name), ("stage", stage.rawValue), ("records", String(refused.count)),
                            ("first", refused[0].record.key), ("reason", refused[0].reason),
                        ])
                }
                lastPageCursor = page.cursor
                progress?(summary)
                if batchBytes >= options.batchBytes || batch.count >= options.batchRecords {
                    guard try await flush() else { return }
                }
            }
        } catch {
            // The sink or the state store failed: the batch in flight still gets its acknowledgement recorded if it
            // has one, and nothing more is written (a batch that was neither loaded nor parked must stay unread).
            _ = try? await settle()
            throw error
        }
        if let readFailure {
            // The source failed: the whole pages read before it are written and checkpointed, unless the batch
            // in flight failed (then nothing more is written); the next run resumes after what was acknowledged.
            if (try? await flush()) == true { _ = try? await settle() }
            throw readFailure
        }
        guard try await flush() else { return }
        _ = try await settle()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
