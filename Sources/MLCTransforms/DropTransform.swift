import MLCCore

/// `drop`: removes fields from the typed columns; with `"raw": true` from the raw object too (column
/// blocking: the value never reaches the warehouse).
public struct DropTransform: Transform, TransformConnector {
    public static let type = "drop"
    public static let summary =
        "Drop fields from the typed columns (and with \"raw\": true from _raw): {\"fields\": [\"a\", \"b\"]}"
    public static let fields = [
        entityField, ConfigField("fields", .array, required: true, "field names to drop"),
        ConfigField(
            "raw", .bool,
            "also remove the members from the raw object (default false: _raw keeps the whole source object)"),
    ]

    public let entity: String?
    let names: [String]
    let fromRaw: Bool
    let rawMembers: RawMembers

    init(entity: String?, names: [String], fromRaw: Bool) {
        self.entity = entity
        self.names = names
        self.fromRaw = fromRaw
        rawMembers = RawMembers(names)
    }

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        DropTransform(
            entity: config["entity"]?.stringValue,
            names: (config["fields"]?.arrayValue ?? []).compactMap(\.stringValue),
            fromRaw: config["raw"]?.boolValue ?? false)
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        try requireFields(names, in: schema, transform: "drop")
        rawMembers.learn(schema)
        if let k = names.first(where: schema.primaryKey.contains) {
            throw MLCError(
                .transform, "drop: \"\(k)\" is part of the primary key of \(schema.name)",
                hint: "keys cannot be dropped; mask or hash it instead")
        }
        var s = schema
        s.columns.removeAll { names.contains($0.name) }
        return s
    }

    public var mayReject: Bool { false }

    public func apply(_ record: inout Record) throws {
        for n in names { record.fields.removeValue(forKey: n) }
        if fromRaw { record.raw = removeRawMembers(record.raw, fields: rawMembers.members(of: record.entity)) }
    }
}
