import MLCCore

/// The SQL mlc sends: DDL for the entity tables, one MERGE (or INSERT for append mode) per batch from a
/// single TEXT JSON binding read with `PARSE_JSON(?)` + `LATERAL FLATTEN`, and one audit INSERT per batch.
enum SnowflakeSQL {
    static let metadataColumns = ["_MLC_KEY", "_MLC_MODIFIED_AT", "_RAW", "_MLC_SYNCED_AT", "_MLC_RUN_ID"]

    static func identifier(_ name: String) -> String { "\"" + tableName(name) + "\"" }

    /// A name as Snowflake stores the quoted identifier: upper case, no quotes.
    static func tableName(_ name: String) -> String { name.uppercased().replacingOccurrences(of: "\"", with: "") }

    /// The columns the table has now, whatever a setup cut short left behind.
    static let tableColumns = """
        SELECT "COLUMN_NAME" FROM INFORMATION_SCHEMA.COLUMNS WHERE "TABLE_SCHEMA" = CURRENT_SCHEMA() AND "TABLE_NAME" = ? \
        ORDER BY "ORDINAL_POSITION"
        """

    /// One catalog row per new column, all in one statement: `(entity, name, type)` binds.
    static func recordColumns(_ count: Int) -> String {
        "INSERT INTO \"MLC_COLUMNS\" (\"ENTITY\", \"NAME\", \"TYPE\") VALUES "
            + Array(repeating: "(?, ?, ?)", count: count).joined(separator: ", ")
    }

    static func type(_ t: ColumnType) -> String {
        switch t {
        case .string: return "VARCHAR"
        case .int: return "NUMBER(38,0)"
        case .decimal: return "NUMBER(38,10)"
        case .double: return "FLOAT"
        case .bool: return "BOOLEAN"
        case .timestamp: return "TIMESTAMP_NTZ"
        case .date: return "DATE"
        case .json: return "VARIANT"
        }
    }

    static func createTable(_ schema: EntitySchema) -> String {
        let columns =
            ["\"_MLC_KEY\" VARCHAR NOT NULL"] + schema.columns.map { "\(identifier($0.name)) \(type($0.type))" }
            + [
                "\"_MLC_MODIFIED_AT\" TIMESTAMP_NTZ", "\"_RAW\" VARIANT", "\"_MLC_SYNCED_AT\" TIMESTAMP_NTZ",
                "\"_MLC_RUN_ID\" VARCHAR",
            ]
        return "CREATE TABLE IF NOT EXISTS \(identifier(schema.name)) (\(columns.joined(separator: ", ")))"
    }

    static func addColumn(_ table: String, _ column: EntitySchema.Column) -> String {
        "ALTER TABLE \(identifier(table)) ADD COLUMN IF NOT EXISTS \(identifier(column.name)) \(type(column.type))"
    }

    static let createAudit = """
        CREATE TABLE IF NOT EXISTS "MLC_AUDIT" ("RUN_ID" VARCHAR, "ENTITY" VARCHAR, "SOURCE_ID" VARCHAR, "MODIFIED_AT" TIMESTAMP_NTZ, \
        "SYNCED_AT" TIMESTAMP_NTZ, "RESULT" VARCHAR, "ERROR" VARCHAR)
        """
    static let createColumns = """
        CREATE TABLE IF NOT EXISTS "MLC_COLUMNS" ("ENTITY" VARCHAR, "NAME" VARCHAR, "TYPE" VARCHAR)
        """

    /// The batch rows as a relation: `k` key, `m` modified-at, `v` typed values, `r` the raw object.
    static func source(_ schema: EntitySchema) -> String {
        let values = schema.columns.map { c in "f.value:\"v\":\"\(c.name)\"::\(type(c.type)) AS \(identifier(c.name))" }
        return
            (["SELECT f.value:\"k\"::VARCHAR AS \"_MLC_KEY\""] + values
            + ["f.value:\"m\"::TIMESTAMP_NTZ AS \"_MLC_MODIFIED_AT\"", "f.value:\"r\" AS \"_RAW\""]).joined(
                separator: ", ")
            + " FROM \(boundArray)"
    }

    /// The one TEXT binding as rows `f`. Snowflake documents both `TABLE(FLATTEN(…))` and the lateral join;
    /// this is the form both test engines accept as a MERGE source (fakesnow refuses `TABLE(…)` there).
    static let boundArray = "(SELECT PARSE_JSON(?) AS \"J\") b, LATERAL FLATTEN(INPUT => b.\"J\") f"

    static func runLiteral(_ runID: String) -> String {
        "'" + runID.filter { $0.isLetter || $0.isNumber || $0 == "-" } + "'"
    }

    /// The batch's own `_MLC_SYNCED_AT` (mlc's clock, to the microsecond): the audit tells the rows this batch
    /// changed from those it left alone by it, so `written` is exact even when a key comes twice in one run.
    static func stampLiteral(_ stamp: String) -> String {
        "'" + stamp.filter { $0.isNumber || "-: .".contains($0) } + "'::TIMESTAMP_NTZ"
    }

    /// Updates only when the incoming version is newer, or as new with different content (DESIGN §4.4).
    static func merge(_ schema: EntitySchema, runID: String, stamp: String) -> String {
        let table = identifier(schema.name)
        let names = schema.columns.map { identifier($0.name) } + ["\"_MLC_MODIFIED_AT\"", "\"_RAW\""]
        let updates =
            names.map { "\($0) = s.\($0)" } + [
                "\"_MLC_SYNCED_AT\" = \(stampLiteral(stamp))", "\"_MLC_RUN_ID\" = \(runLiteral(runID))",
            ]
        let insertNames = ["\"_MLC_KEY\""] + names + ["\"_MLC_SYNCED_AT\"", "\"_MLC_RUN_ID\""]
        let insertValues = insertNames.dropLast(2).map { "s.\($0)" } + [stampLiteral(stamp), runLiteral(runID)]
        return "MERGE INTO \(table) t USING (\(source(schema))) s ON t.\"_MLC_KEY\" = s.\"_MLC_KEY\""
            + " WHEN MATCHED AND ((t.\"_MLC_MODIFIED_AT\" IS NULL AND (s.\"_MLC_MODIFIED_AT\" IS NOT NULL OR s.\"_RAW\" <> t.\"_RAW\"))"
            + " OR s.\"_MLC_MODIFIED_AT\" > t.\"_MLC_MODIFIED_AT\""
            + " OR (s.\"_MLC_MODIFIED_AT\" = t.\"_MLC_MODIFIED_AT\" AND s.\"_RAW\" <> t.\"_RAW\"))"
            + " THEN UPDATE SET \(updates.joined(separator: ", "))"
            + " WHEN NOT MATCHED THEN INSERT (\(insertNames.joined(separator: ", "))) VALUES (\(insertValues.joined(separator: ", ")))"
    }

    /// Append mode: every version kept, with its modified-at.
    static func append(_ schema: EntitySchema, runID: String, stamp: String) -> String {
        let names =
            ["\"_MLC_KEY\""] + schema.columns.map { identifier($0.name) } + ["\"_MLC_MODIFIED_AT\"", "\"_RAW\""]
        return
            "INSERT INTO \(identifier(schema.name)) (\(names.joined(separator: ", ")), \"_MLC_SYNCED_AT\", \"_MLC_RUN_ID\")"
            + " SELECT s.*, \(stampLiteral(stamp)), \(runLiteral(runID)) FROM (\(source(schema))) s"
    }

    /// One audit row per record, `RESULT` in the documented words. A loaded record is `written` when its row
    /// carries this batch's stamp and run id (this batch's MERGE changed it), `unchanged` when it does not.
    static func audit(runID: String, entity: String, mode: SnowflakeSink.Mode, stamp: String) -> String {
        let run = runLiteral(runID)
        let synced = stampLiteral(stamp)
        let insert =
            "INSERT INTO \"MLC_AUDIT\" (\"RUN_ID\", \"ENTITY\", \"SOURCE_ID\", \"MODIFIED_AT\", \"SYNCED_AT\", \"RESULT\", \"ERROR\")"
        let entry =
            "SELECT f.value:\"k\"::VARCHAR AS \"K\", f.value:\"m\"::TIMESTAMP_NTZ AS \"M\", f.value:\"s\"::VARCHAR AS \"S\","
            + " f.value:\"e\"::VARCHAR AS \"E\" FROM \(boundArray)"
        let entityLiteral = "'" + entity.replacingOccurrences(of: "'", with: "''") + "'"
        guard mode == .merge else {
            return insert
                + " SELECT \(run), \(entityLiteral), a.\"K\", a.\"M\", \(synced), a.\"S\", a.\"E\" FROM (\(entry)) a"
        }
        // DISTINCT: one match per key even in a table that once held duplicates (loaded in append mode).
        let changed =
            "SELECT DISTINCT \"_MLC_KEY\" FROM \(identifier(entity)) WHERE \"_MLC_RUN_ID\" = \(run) AND \"_MLC_SYNCED_AT\" = \(synced)"
        return insert + " SELECT \(run), \(entityLiteral), a.\"K\", a.\"M\", \(synced),"
            + " CASE WHEN a.\"S\" = 'rejected' THEN 'rejected' WHEN t.\"_MLC_KEY\" IS NOT NULL THEN 'written' ELSE 'unchanged' END,"
            + " a.\"E\" FROM (\(entry)) a LEFT JOIN (\(changed)) t ON t.\"_MLC_KEY\" = a.\"K\""
    }
}
