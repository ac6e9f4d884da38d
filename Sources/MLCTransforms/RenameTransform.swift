import MLCCore

/// `rename`: renames fields (and their columns). {"type": "rename", "entity": …, "fields": {"old": "new"}}
public struct RenameTransform: Transform, TransformConnector {
    public static let type = "rename"
    public static let summary = "Rename fields: {\"fields\": {\"old\": \"new\"}}"
    public static let fields = [
        entityField, ConfigField("fields", .object, required: true, "map of old name → new name"),
    ]

    public let entity: String?
    let mapping: [(String, String)]

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        RenameTransform(
            entity: config["entity"]?.stringValue,
            mapping: (config["fields"]?.objectValue ?? []).compactMap { m in m.value.stringValue.map { (m.key, $0) } })
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        var s = schema
        for (old, new) in mapping {
            try requireFields([old], in: s, transform: "rename")
            let i = s.columns.firstIndex { $0.name == old }!
            s.columns[i].name = new
            s.primaryKey = s.primaryKey.map { $0 == old ? new : $0 }
            if s.cursorField == old { s.cursorField = new }
        }
        return s
    }

    public var mayReject: Bool { false }

    public func apply(_ record: inout Record) throws {
        for (old, new) in mapping {
            record.fields.rename(old, to: new)
        }
    }
}
