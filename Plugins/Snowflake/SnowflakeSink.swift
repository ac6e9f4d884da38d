import Foundation
import MLCCore
import MLCHTTP

/// Loads batches with one MERGE per ≤ 1 MB chunk and writes one audit INSERT per batch. A batch Snowflake
/// cannot take (down past the retry budget) throws, and the pipeline parks it for replay.
public final class SnowflakeSink: Sink, @unchecked Sendable {
    public enum Mode: String, Sendable { case merge, append }

    let client: SnowflakeSQLClient
    let mode: Mode
    let budget: Int
    private let lock = NSLock()
    private var prepared: Set<String> = []
    private var auditReady = false
    private var loadStatements = 0, loadBytes = 0, loadRecords = 0

    public init(client: SnowflakeSQLClient, mode: Mode = .merge, budget: Int = 1_000_000) {
        self.client = client
        self.mode = mode
        self.budget = budget
    }

    /// The table first, then its catalog rows: a drop cut between the two is completed by running it again.
    public func drop(entity: String) async throws {
        _ = try await client.execute(SnowflakeSQL.createColumns)
        _ = try await client.execute("DROP TABLE IF EXISTS \(SnowflakeSQL.identifier(entity))")
        _ = try await client.execute(
            "DELETE FROM \"MLC_COLUMNS\" WHERE \"ENTITY\" = ?", bindings: [.text(entity)])
    }

    public func prepare(_ schema: EntitySchema) async throws {
        if !lock.withLock({ auditReady }) {
            _ = try await client.execute(SnowflakeSQL.createAudit)
            _ = try await client.execute(SnowflakeSQL.createColumns)
            lock.withLock { auditReady = true }
        }
        let known = Dictionary(
            try await client.execute(
                "SELECT \"NAME\", \"TYPE\" FROM \"MLC_COLUMNS\" WHERE \"ENTITY\" = ?", bindings: [.text(schema.name)]
            )
            .rows.compactMap { row in row.count == 2 ? row[0].flatMap { n in row[1].map { (n, $0) } } : nil },
            uniquingKeysWith: { a, _ in a })
        try schema.checkTypes(against: known, table: SnowflakeSQL.identifier(schema.name), place: "in Snowflake")
        try schema.checkKey(against: Array(known.keys), table: SnowflakeSQL.identifier(schema.name))
        // Each step is idempotent and the catalog row comes after the column, so a setup killed at any statement
        // (or cut by an outage) is completed by the next run or replay: the table is what INFORMATION_SCHEMA says.
        let new = schema.columns.filter { known[$0.name] == nil }
        // Quoted names fold to upper case: a new `name` beside a recorded `Name` would silently share its column.
        for column in new {
            if let clash = known.keys.first(where: { $0.uppercased() == column.name.uppercased() }) {
                throw MLCError(
                    .sinkFailed,
                    "column \(column.name) of \(SnowflakeSQL.identifier(schema.name)) is the existing column \(clash) "
                        + "(Snowflake stores both as \(SnowflakeSQL.identifier(column.name)))",
                    hint:
                        "a table an earlier mlc created in the product's own column names keeps them with the source setting "
                        + "\"columns\": \"native\"; otherwise rename one with a `rename` transform, or load into another schema",
                    context: .init(entity: schema.name))
            }
        }
        if !new.isEmpty || known.isEmpty {
            _ = try await client.execute(SnowflakeSQL.createTable(schema))
            let existing = Set(
                try await client.execute(
                    SnowflakeSQL.tableColumns, bindings: [.text(SnowflakeSQL.tableName(schema.name))]
                )
                .rows.compactMap { $0.first??.uppercased() })
            for column in new where !existing.contains(column.name.uppercased()) {
                _ = try await client.execute(SnowflakeSQL.addColumn(schema.name, column))
            }
            if !new.isEmpty {
                _ = try await client.execute(
                    SnowflakeSQL.recordColumns(new.count),
                    bindings: new.flatMap { [.text(schema.name), .text($0.name), .text($0.type.rawValue)] })
            }
        }
        lock.withLock { _ = prepared.insert(schema.name) }
    }

    /// The statement budget left for the JSON binding once the SQL text is counted.
    func bindingBudget(_ statement: String) -> Int { max(10_000, budget - statement.utf8.count - 1_024) }

    public func write(_ batch: RecordBatch, schema: EntitySchema, run: RunContext) async throws -> Ack {
        let stamp = nextStamp()
        let statement =
            mode == .merge
            ? SnowflakeSQL.merge(schema, runID: run.runID, stamp: stamp)
            : SnowflakeSQL.append(schema, runID: run.runID, stamp: stamp)
        let records = mode == .merge ? SnowflakeBatchEncoder.dedupe(batch.records) : batch.records
        let encoder = SnowflakeBatchEncoder(schema: schema, budget: bindingBudget(statement))
        let (chunks, rejected) = encoder.chunks(records)
        var written = 0
        for chunk in chunks {
            let result = try await client.execute(
                statement, bindings: [.text(String(decoding: chunk.json, as: UTF8.self))])
            lock.withLock {
                loadStatements += 1
                loadBytes += chunk.json.count + statement.utf8.count
                loadRecords += chunk.records.count
            }
            // MERGE answers with the rows it inserted and updated; INSERT with the rows it inserted.
            written += result.rows.first?.compactMap { $0.flatMap { Int($0) } }.reduce(0, +) ?? chunk.records.count
        }
        try await audit(
            loaded: chunks.flatMap(\.records), rejected: rejected, entity: schema.name, runID: run.runID, stamp: stamp)
        let accepted = chunks.reduce(0) { $0 + $1.records.count } + (batch.records.count - records.count)
        return Ack(written: min(written, accepted), unchanged: max(0, accepted - written), rejected: rejected)
    }

    /// Records parked before the sink (refused by the source or a transform) get their `rejected` rows too.
    public func audit(parked: [RejectedRecord], schema: EntitySchema, run: RunContext) async throws {
        try await audit(loaded: [], rejected: parked, entity: schema.name, runID: run.runID, stamp: nextStamp())
    }

    /// One INSERT per batch (more only when its keys exceed the statement budget).
    private func audit(
        loaded: [Record], rejected: [RejectedRecord], entity: String, runID: String, stamp: String
    ) async throws {
        let statement = SnowflakeSQL.audit(runID: runID, entity: entity, mode: mode, stamp: stamp)
        let limit = bindingBudget(statement)
        var json: [UInt8] = [UInt8(ascii: "[")]
        var rows = 0
        func flush() async throws {
            guard rows > 0 else { return }
            json.append(UInt8(ascii: "]"))
            _ = try await client.execute(statement, bindings: [.text(String(decoding: json, as: UTF8.self))])
            json = [UInt8(ascii: "[")]
            rows = 0
        }
        let entries =
            loaded.map { ($0, "written", nil as String?) }
            + rejected.map { ($0.record, "rejected", $0.reason as String?) }
        for (record, result, error) in entries {
            var w = JSONWriter(capacity: 128)
            w.writeRaw("{\"k\":")
            w.writeString(record.key)
            w.writeRaw(",\"m\":")
            if let m = record.modifiedAt { w.writeString(SnowflakeBatchEncoder.ntz(m)) } else { w.writeRaw("null") }
            w.writeRaw(",\"s\":")
            w.writeString(result)
            w.writeRaw(",\"e\":")
            if let error { w.writeString(String(error.prefix(500))) } else { w.writeRaw("null") }
            w.writeRaw("}")
            if json.count + w.bytes.count + 2 > limit { try await flush() }
            if rows > 0 { json.append(UInt8(ascii: ",")) }
            json.append(contentsOf: w.bytes)
            rows += 1
        }
        try await flush()
    }

    /// This sink's clock for `_MLC_SYNCED_AT`, strictly increasing so no two batches share a stamp.
    private var lastStamp = Timestamp(microseconds: 0)
    func nextStamp() -> String {
        lock.withLock {
            let now = Timestamp.now()
            lastStamp = now > lastStamp ? now : Timestamp(microseconds: lastStamp.microseconds + 1)
            return SnowflakeBatchEncoder.ntz(lastStamp)
        }
    }

    public func plan(_ schema: EntitySchema) -> [String] {
        [
            SnowflakeSQL.createAudit, SnowflakeSQL.createTable(schema),
            (mode == .merge
                ? SnowflakeSQL.merge(schema, runID: "<run id>", stamp: nextStamp())
                : SnowflakeSQL.append(schema, runID: "<run id>", stamp: nextStamp()))
                + "  -- binding 1: TEXT, a JSON array of {k, m, v, r}, ≤ \(budget / 1000) KB per statement",
            SnowflakeSQL.audit(runID: "<run id>", entity: schema.name, mode: mode, stamp: nextStamp()),
        ]
    }

    /// Load statements, statements per 10,000 records, and how full they were against the 1 MB budget.
    public func statistics() -> [(String, String)] {
        lock.withLock {
            guard loadStatements > 0 else { return [] }
            return [
                ("load statements", String(loadStatements)),
                (
                    "statements per 10k records",
                    String(format: "%.1f", Double(loadStatements) * 10_000 / Double(max(loadRecords, 1)))
                ),
                (
                    "batch fill",
                    String(
                        format: "%.1f%% of %d KB", Double(loadBytes) / Double(loadStatements) / Double(budget) * 100,
                        budget / 1000)
                ),
            ]
        }
    }

    public func check() async -> [CheckResult] {
        var results: [CheckResult] = []
        do {
            let r = try await client.execute(
                "SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ROLE()")
            results.append(
                CheckResult(
                    subject: "snowflake", ok: true,
                    detail: "connected; context \(r.rows.first?.map { $0 ?? "-" }.joined(separator: "/") ?? "?")"))
            _ = try await client.execute("CREATE TABLE IF NOT EXISTS \"MLC_CHECK\" (\"X\" NUMBER)")
            _ = try await client.execute(
                "MERGE INTO \"MLC_CHECK\" t USING (SELECT 1 AS \"X\") s ON t.\"X\" = s.\"X\" WHEN NOT MATCHED THEN INSERT (\"X\") VALUES (s.\"X\")"
            )
            // `check` leaves nothing behind in the customer's schema.
            _ = try await client.execute("DROP TABLE IF EXISTS \"MLC_CHECK\"")
            results.append(CheckResult(subject: "privileges", ok: true, detail: "can create tables and merge"))
        } catch let e as MLCError {
            results.append(CheckResult(subject: "snowflake", ok: false, detail: e.description + authHint(e)))
        } catch {
            results.append(CheckResult(subject: "snowflake", ok: false, detail: "\(error)"))
        }
        return results
    }

    /// On a refused JWT: what was sent and how to compare it with the user's registered key.
    func authHint(_ e: MLCError) -> String {
        guard e.code == .auth, let auth = client.auth as? SnowflakeKeyPairAuth else { return "" }
        return "\n  sent iss: \(auth.issuer)\n  sent sub: \(auth.subject)\n  local key fingerprint: \(auth.fingerprint)"
            + "\n  compare with: DESCRIBE USER <user> → RSA_PUBLIC_KEY_FP (and RSA_PUBLIC_KEY_2_FP)"
    }
}
