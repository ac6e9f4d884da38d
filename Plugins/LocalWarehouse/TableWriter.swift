import MLCCore
import MLCState

/// The upsert statement of one entity's table and how a record binds to it.
struct TableWriter {
    let schema: EntitySchema
    let upsertSQL: String

    init(schema: EntitySchema, mode: LocalWarehouse.Mode) {
        self.schema = schema
        let table = quoted(LocalWarehouse.tableName(schema.name))
        let names = ["_mlc_key"] + schema.columns.map(\.name) + ["_mlc_modified_at", "_raw", "_mlc_synced_at", "_mlc_run_id"]
        let insert = "INSERT INTO \(table) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        switch mode {
        case .append:
            upsertSQL = insert
        case .merge:
            let updates = names.dropFirst().map { "\(quoted($0)) = excluded.\(quoted($0))" }.joined(separator: ", ")
            // Only a version at least as new replaces the stored one (DESIGN §4 rule 4).
            // An identical version (an overlap re-read, a replay) leaves the row and its sync metadata alone.
            upsertSQL = insert + " ON CONFLICT (_mlc_key) DO UPDATE SET \(updates) WHERE \(table)._mlc_modified_at IS NULL"
                + " OR excluded._mlc_modified_at > \(table)._mlc_modified_at"
                + " OR (excluded._mlc_modified_at = \(table)._mlc_modified_at AND excluded._raw IS NOT \(table)._raw)"
        }
    }

    func bind(_ record: Record, modifiedAt: SQLValue, to statement: Statement, syncedAt: String, runID: String) throws {
        var index: Int32 = 1
        try statement.bind(.text(record.key), at: index)
        for column in schema.columns {
            index += 1
            let value = try (record.fields[column.name] ?? .null).cast(to: column.type)
            // The cursor column is usually the record's modified-at: reuse its text.
            if case .timestamp(let t) = value, t == record.modifiedAt, column.type == .timestamp {
                try statement.bind(modifiedAt, at: index)
            } else {
                try statement.bind(sqlValue(value, column.type), at: index)
            }
        }
        try statement.bind(modifiedAt, at: index + 1)
        try statement.bind(.text(record.raw), at: index + 2)
        try statement.bind(.text(syncedAt), at: index + 3)
        try statement.bind(.text(runID), at: index + 4)
    }

    private func sqlValue(_ value: Value, _ type: ColumnType) -> SQLValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .decimal(let s), .string(let s): return .text(s)
        case .timestamp(let t): return .text(type == .date ? String(t.iso8601.prefix(10)) : t.iso8601)
        }
    }
}
