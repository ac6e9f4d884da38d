import MLCCore

/// `cast`: converts a field to a column type; a value that cannot be converted parks the record.
public struct CastTransform: Transform, TransformConnector {
    public static let type = "cast"
    public static let summary = "Cast a field to a type: {\"field\": \"amount\", \"to\": \"decimal\"}"
    public static let fields = [
        entityField, ConfigField("field", .string, required: true, "the field"),
        ConfigField("to", .string, required: true, "target type", allowed: ColumnType.allCases.map(\.rawValue)),
    ]

    public let entity: String?
    let field: String
    let to: ColumnType

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        CastTransform(
            entity: config["entity"]?.stringValue, field: config["field"]?.stringValue ?? "",
            to: ColumnType(rawValue: config["to"]?.stringValue ?? "") ?? .string)
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        var s = schema
        try requireFields([field], in: s, transform: "cast")
        let i = s.columns.firstIndex { $0.name == field }!
        s.columns[i].type = to
        return s
    }

    public func apply(_ record: inout Record) throws {
        if let v = record.fields[field] {
            do { record.fields[field] = try v.cast(to: to) } catch {
                throw MLCError(
                    .transform, "cast of \(field): \(error)",
                    context: .init(entity: record.entity, recordID: record.key))
            }
        }
    }
}
