import Foundation
import MLCCore
import MLCState

/// Tables: one per entity with typed columns, `_raw` (the source object as JSON) and sync metadata;
/// `mlc_audit` gets one row per record with its fate. A row is replaced only when the incoming
/// modified-at is not older than the stored one, so replays and overlaps are harmless.
public final class LocalWarehouse: Sink, @unchecked Sendable {
    public enum Mode: String, Sendable { case merge, append }

    public let db: SQLiteDatabase
    let mode: Mode
    private var tables: [String: TableWriter] = [:]
    private let checkpointer: Checkpointer?

    /// `journal`: `.rollback` (the default) writes each row once and syncs every commit, the fastest
    /// for bulk loads; `.wal` lets other programs read the file while a load commits. Either way a
    /// commit is on disk before the pipeline stores the cursor that covers it.
    public init(
        path: String, mode: Mode = .merge, journal: SQLiteDatabase.Journal = .rollback, busyTimeoutMs: Int = 10_000
    ) throws {
        try? FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
            withIntermediateDirectories: true)
        db = try SQLiteDatabase(path: path, busyTimeoutMs: busyTimeoutMs, journal: journal)
        // Room for a whole batch's dirty pages: a transaction that outgrows the cache spills pages
        // mid-way, and in rollback mode every spill costs an extra sync of the journal.
        try db.execute("PRAGMA cache_size=-8192")
        if journal == .wal {
            // A batch is acknowledged (and its cursor stored) only once it is on disk, in either mode:
            // in WAL mode that takes a synced log at every commit.
            try db.execute("PRAGMA synchronous=FULL")
            try db.execute("PRAGMA wal_autocheckpoint=0")
            checkpointer = try Checkpointer(path: path)
        } else {
            checkpointer = nil
        }
        self.mode = mode
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS mlc_audit (run_id TEXT NOT NULL, entity TEXT NOT NULL, source_id TEXT NOT NULL,
              modified_at TEXT, synced_at TEXT NOT NULL, result TEXT NOT NULL, error TEXT);
            CREATE TABLE IF NOT EXISTS mlc_columns (entity TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
              PRIMARY KEY (entity, name));
            """)
    }

    public static func tableName(_ entity: String) -> String { entity }

    public func drop(entity: String) async throws {
        try db.transaction {
            try db.execute("DROP TABLE IF EXISTS \(quoted(Self.tableName(entity)))")
            try db.run("DELETE FROM mlc_columns WHERE entity = ?", [.text(entity)])
        }
    }

    /// Creates the table, adds new columns, refuses incompatible type changes. Reads first and takes
    /// the write lock only when something must change.
    public func prepare(_ schema: EntitySchema) async throws {
        let known = try knownColumns(schema.name)
        try schema.checkTypes(against: known, table: "table \(schema.name)", place: "in the warehouse")
        try schema.checkKey(against: Array(known.keys), table: "table \(schema.name)")
        // SQLite column names ignore case: "Name" and "name" are one column.
        for column in schema.columns where known[column.name] == nil {
            if let clash = known.keys.first(where: { $0.lowercased() == column.name.lowercased() }) {
                throw MLCError(
                    .sinkFailed,
                    "column \(column.name) of table \(schema.name) clashes with the existing column \(clash) (column names ignore case)",
                    hint:
                        "a table an earlier mlc created in the product's own column names keeps them with the source setting "
                        + "\"columns\": \"native\"; otherwise rename one of them with a `rename` transform, or load this "
                        + "source into another warehouse file",
                    context: .init(entity: schema.name))
            }
        }
        let missing = schema.columns.filter { known[$0.name] == nil }
        if !missing.isEmpty {
            try db.transaction {
                let table = quoted(Self.tableName(schema.name))
                let current = try knownColumns(schema.name)
                if current.isEmpty {
                    let columns = schema.columns.map { "\(quoted($0.name)) \(sqliteType($0.type))" }
                    let key = mode == .merge ? "_mlc_key TEXT PRIMARY KEY" : "_mlc_key TEXT NOT NULL"
                    try db.execute(
                        "CREATE TABLE IF NOT EXISTS \(table) (\(key), \((columns + ["_mlc_modified_at TEXT", "_raw TEXT NOT NULL", "_mlc_synced_at TEXT NOT NULL", "_mlc_run_id TEXT NOT NULL"]).joined(separator: ", ")))"
                    )
                }
                for column in missing where current[column.name] == nil {
                    if !current.isEmpty {
                        try db.execute(
                            "ALTER TABLE \(table) ADD COLUMN \(quoted(column.name)) \(sqliteType(column.type))")
                    }
                    try db.run(
                        "INSERT INTO mlc_columns (entity, name, type) VALUES (?, ?, ?)",
                        [.text(schema.name), .text(column.name), .text(column.type.rawValue)])
                }
            }
        }
        db.locked { tables[schema.name] = TableWriter(schema: schema, mode: mode) }
    }

    private func knownColumns(_ entity: String) throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try db.query("SELECT name, type FROM mlc_columns WHERE entity = ?", [.text(entity)])
                .map { ($0[0].text ?? "", $0[1].text ?? "") })
    }

    /// Records parked before the sink (refused by the source or a transform) get their `rejected` row too.
    public func audit(parked: [RejectedRecord], schema: EntitySchema, run: RunContext) async throws {
        let syncedAt = Timestamp.now().iso8601
        try db.transaction {
            var audit = AuditWriter(db: db, runID: run.runID, entity: schema.name, syncedAt: syncedAt)
            for p in parked {
                try audit.add(key: p.record.key, modifiedAt: p.record.modifiedAt, result: "rejected", error: p.reason)
            }
            try audit.flush()
        }
    }

    public func write(_ batch: RecordBatch, schema: EntitySchema, run: RunContext) async throws -> Ack {
        guard let writer = db.locked({ tables[batch.entity] }) else {
            throw MLCError(.internalError, "write before prepare", context: .init(entity: batch.entity))
        }
        let syncedAt = Timestamp.now().iso8601
        let records = batch.records
        let encoder = RowEncoder(records: records) { record, rows in
            try writer.parameters(record, into: &rows, syncedAt: syncedAt, runID: run.runID)
        }
        return try db.transaction {
            let upsert = try db.statement(writer.upsertSQL)
            var audit = AuditWriter(db: db, runID: run.runID, entity: batch.entity, syncedAt: syncedAt)
            var written = 0
            var unchanged = 0
            var rejected: [RejectedRecord] = []
            for k in 0..<encoder.chunkCount {
                let chunk = encoder.take(k)
                for (offset, outcome) in chunk.outcomes.enumerated() {
                    let record = records[k * RowEncoder.chunkSize + offset]
                    switch outcome {
                    case .rejected(let reason):
                        // A value that does not fit its column rejects this record only; a database error fails the batch.
                        rejected.append(RejectedRecord(record: record, reason: reason))
                        try audit.add(key: record.key, modifiedAt: record.modifiedAt, result: "rejected", error: reason)
                    case .row(let row):
                        try upsert.run(chunk.rows, row: row)
                        let changed = db.changes > 0
                        if changed { written += 1 } else { unchanged += 1 }
                        try audit.add(
                            key: record.key, modifiedAt: record.modifiedAt, result: changed ? "written" : "unchanged",
                            error: nil)
                    }
                }
            }
            try audit.flush()
            return Ack(written: written, unchanged: unchanged, rejected: rejected)
        }
    }

    public func close() async { checkpointer?.stop() }

    public func plan(_ schema: EntitySchema) -> [String] { Self.plan(schema, mode: mode) }

    /// The statements a load of `schema` runs, known without opening the file (`mlc plan`).
    public static func plan(_ schema: EntitySchema, mode: Mode) -> [String] {
        let table = quoted(Self.tableName(schema.name))
        let columns = schema.columns.map { "\(quoted($0.name)) \(sqliteType($0.type))" }
        return [
            "CREATE TABLE IF NOT EXISTS \(table) (_mlc_key TEXT PRIMARY KEY, \(columns.joined(separator: ", ")), _mlc_modified_at TEXT, _raw TEXT NOT NULL, _mlc_synced_at TEXT NOT NULL, _mlc_run_id TEXT NOT NULL)",
            TableWriter(schema: schema, mode: mode).upsertSQL,
        ]
    }

    deinit { checkpointer?.stop() }

    public func check() async -> [CheckResult] {
        do {
            _ = try db.query("SELECT count(*) FROM mlc_audit")
            return [CheckResult(subject: "warehouse", ok: true, detail: "\(db.path) is writable")]
        } catch {
            return [CheckResult(subject: "warehouse", ok: false, detail: "\(error)")]
        }
    }
}

func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

func sqliteType(_ type: ColumnType) -> String {
    switch type {
    case .int, .bool: return "INTEGER"
    case .double: return "REAL"
    // Decimals stay text so amounts keep every digit; timestamps are ISO 8601 UTC text.
    case .decimal, .string, .timestamp, .date, .json: return "TEXT"
    }
}
