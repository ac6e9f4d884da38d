import MLCCore

/// `constant`: adds a column with a fixed value (a company code, a source-system tag).
public struct ConstantTransform: Transform, TransformConnector {
    public static let type = "constant"
    public static let summary =
        "Add a column with a fixed value: {\"field\": \"source_system\", \"value\": \"CSI-PRD\"}"
    public static let fields = [
        entityField, ConfigField("field", .string, required: true, "the new column"),
        ConfigField("value", .any, required: true, "its value (string, number, boolean)"),
    ]

    public let entity: String?
    let field: String
    let value: Value

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        ConstantTransform(
            entity: config["entity"]?.stringValue, field: config["field"]?.stringValue ?? "",
            value: Value(json: config["value"] ?? .null))
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        var s = schema
        s.columns.append(.init(field, value.columnType, "constant"))
        return s
    }

    public var mayReject: Bool { false }

    public func apply(_ record: inout Record) throws { record.fields[field] = value }
}
