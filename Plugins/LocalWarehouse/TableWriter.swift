import MLCCore
import MLCState

/// The upsert statement of one entity's table and how a record binds to it.
struct TableWriter {
    let schema: EntitySchema
    let upsertSQL: String

    init(schema: EntitySchema, mode: LocalWarehouse.Mode) {
        self.schema = schema
        let table = quoted(LocalWarehouse.tableName(schema.name))
        let names =
            ["_mlc_key"] + schema.columns.map(\.name) + ["_mlc_modified_at", "_raw", "_mlc_synced_at", "_mlc_run_id"]
        let insert =
            "INSERT INTO \(table) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        switch mode {
        case .append:
            upsertSQL = insert
        case .merge:
            let updates = names.dropFirst().map { "\(quoted($0)) = excluded.\(quoted($0))" }.joined(separator: ", ")
            // Only a version at least as new replaces the stored one (DESIGN §4 rule 4).
            // An identical version (an overlap re-read, a replay) leaves the row and its sync metadata alone.
            upsertSQL =
                insert + " ON CONFLICT (_mlc_key) DO UPDATE SET \(updates) WHERE (\(table)._mlc_modified_at IS NULL"
                // A row without a change stamp (an entity read in full each run) changes only when its object does.
                + " AND (excluded._mlc_modified_at IS NOT NULL OR excluded._raw IS NOT \(table)._raw))"
                + " OR excluded._mlc_modified_at > \(table)._mlc_modified_at"
                + " OR (excluded._mlc_modified_at = \(table)._mlc_modified_at AND excluded._raw IS NOT \(table)._raw)"
        }
    }

    /// Appends the upsert's parameters for one record, in the statement's column order. Throws
    /// `CastError` when a value does not fit its column (the caller discards the open row).
    func parameters(_ record: Record, into p: inout ParameterBuffer, syncedAt: String, runID: String) throws {
        p.append(record.key)
        var position = 0
        for column in schema.columns {
            switch try (record.fields.value(of: column.name, near: &position) ?? .null).cast(to: column.type) {
            case .null: p.appendNull()
            case .bool(let b): p.append(Int64(b ? 1 : 0))
            case .int(let i): p.append(i)
            case .double(let d): p.append(d)
            case .decimal(let s), .string(let s): p.append(s)
            case .timestamp(let t): p.appendText { t.appendISO8601(to: &$0, dateOnly: column.type == .date) }
            }
        }
        if let m = record.modifiedAt { p.appendText { m.appendISO8601(to: &$0) } } else { p.appendNull() }
        p.append(record.raw)
        p.append(syncedAt)
        p.append(runID)
    }
}
