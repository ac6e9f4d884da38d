extension EntitySchema {
    /// Refuses a column whose type differs from the one a sink stored for it: an incompatible change a sink
    /// must not apply silently. `known` maps column names to the stored `ColumnType` raw values; `table` and
    /// `place` name where it is stored ("\"SUPPLIERS\"", "in Snowflake").
    public func checkTypes(against known: [String: String], table: String, place: String) throws {
        for column in columns {
            guard let existing = known[column.name], existing != column.type.rawValue else { continue }
            throw MLCError(
                .sinkFailed,
                "column \(column.name) of \(table) is \(existing) \(place) but \(column.type.rawValue) now",
                hint:
                    "an incompatible type change: add a `cast` transform back to \(existing), `rename` the column, or drop and reload the table with `mlc resync MANIFEST --entity \(name)`",
                context: .init(entity: name))
        }
    }
}
