import MLCCore
import MLCState

/// Appends `mlc_audit` rows in multi-row INSERTs (64 rows per statement): one row per record
/// without paying one statement per record.
struct AuditWriter {
    static let rowsPerStatement = 64
    static let columns = "(run_id, entity, source_id, modified_at, synced_at, result, error)"

    let db: SQLiteDatabase
    let runID: SQLValue, entity: SQLValue, syncedAt: SQLValue
    private var pending: [(key: String, modified: SQLValue, result: String, error: SQLValue)] = []

    init(db: SQLiteDatabase, runID: String, entity: String, syncedAt: String) {
        self.db = db
        self.runID = .text(runID); self.entity = .text(entity); self.syncedAt = .text(syncedAt)
        pending.reserveCapacity(Self.rowsPerStatement)
    }

    mutating func add(key: String, modified: SQLValue, result: String, error: String?) throws {
        pending.append((key, modified, result, error.map(SQLValue.text) ?? .null))
        if pending.count == Self.rowsPerStatement { try flush() }
    }

    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let placeholders = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: pending.count).joined(separator: ", ")
        let statement = try db.statement("INSERT INTO mlc_audit \(Self.columns) VALUES \(placeholders)")
        var index: Int32 = 0
        for row in pending {
            for value in [runID, entity, .text(row.key), row.modified, syncedAt, .text(row.result), row.error] {
                index += 1
                try statement.bind(value, at: index)
            }
        }
        while try statement.step() {}
        pending.removeAll(keepingCapacity: true)
    }
}
