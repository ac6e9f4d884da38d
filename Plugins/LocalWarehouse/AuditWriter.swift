import MLCCore
import MLCState

/// Appends `mlc_audit` rows in multi-row INSERTs (64 rows per statement): one row per record
/// without paying one statement per record.
struct AuditWriter {
    static let rowsPerStatement = 64
    static let columns = "(run_id, entity, source_id, modified_at, synced_at, result, error)"
    static let fullSQL = sql(rows: rowsPerStatement)

    static func sql(rows: Int) -> String {
        "INSERT INTO mlc_audit \(columns) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    let db: SQLiteDatabase
    let runID: String, entity: String, syncedAt: String
    private var parameters = ParameterBuffer(capacity: 64 * 160)
    private var rows = 0

    init(db: SQLiteDatabase, runID: String, entity: String, syncedAt: String) {
        self.db = db
        self.runID = runID
        self.entity = entity
        self.syncedAt = syncedAt
    }

    mutating func add(key: String, modifiedAt: Timestamp?, result: String, error: String?) throws {
        parameters.append(runID)
        parameters.append(entity)
        parameters.append(key)
        if let m = modifiedAt { parameters.appendText { m.appendISO8601(to: &$0) } } else { parameters.appendNull() }
        parameters.append(syncedAt)
        parameters.append(result)
        if let error { parameters.append(error) } else { parameters.appendNull() }
        rows += 1
        if rows == Self.rowsPerStatement { try flush() }
    }

    mutating func flush() throws {
        guard rows > 0 else { return }
        try db.statement(rows == Self.rowsPerStatement ? Self.fullSQL : Self.sql(rows: rows)).run(parameters)
        parameters.removeAll()
        rows = 0
    }
}
