/// What a sink needs to create a table for an entity: typed columns, the key, the cursor field.
public struct EntitySchema: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: ColumnType
        public var description: String
        /// The member of the raw object the value comes from, when it has another name (a canonical column
        /// filled from the product's field): transforms that clean `_raw` clean that member.
        public var source: String?

        public init(_ name: String, _ type: ColumnType, _ description: String = "", source: String? = nil) {
            self.name = name
            self.type = type
            self.description = description
            self.source = source
        }
    }

    public var name: String
    public var description: String
    public var columns: [Column]
    public var primaryKey: [String]
    public var cursorField: String?

    public init(name: String, description: String = "", columns: [Column], primaryKey: [String], cursorField: String?) {
        self.name = name
        self.description = description
        self.columns = columns
        self.primaryKey = primaryKey
        self.cursorField = cursorField
    }

    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    /// A table that exists with none of this schema's key columns was written under other column names (an
    /// earlier mlc in the product's own names): merging into it would fill the new columns for changed rows
    /// only and leave the old ones stale, so it is refused with the way out.
    public func checkKey(against existing: [String], table: String) throws {
        guard !existing.isEmpty, !primaryKey.isEmpty else { return }
        let have = Set(existing.map { $0.uppercased() })
        guard !primaryKey.contains(where: { have.contains($0.uppercased()) }) else { return }
        throw MLCError(
            .sinkFailed,
            "\(table) exists without the key columns \(primaryKey.joined(separator: ", ")): it was written under other column names",
            hint:
                "a table an earlier mlc created in the product's own names keeps them with the source setting \"columns\": "
                + "\"native\"; or load into a new table (another schema or warehouse file) for the canonical names",
            context: .init(entity: name))
    }

    public var json: JSON {
        .object([
            JSONMember("name", .string(name)),
            JSONMember("description", .string(description)),
            JSONMember("primaryKey", .array(primaryKey.map(JSON.string))),
            JSONMember("cursorField", cursorField.map(JSON.string) ?? .null),
            JSONMember(
                "columns",
                .array(
                    columns.map {
                        .object([
                            JSONMember("name", .string($0.name)), JSONMember("type", .string($0.type.rawValue)),
                            JSONMember("description", .string($0.description)),
                        ])
                    })),
        ])
    }
}
