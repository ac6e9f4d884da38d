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
    let nameBytes: [[UInt8]]

    init(entity: String?, names: [String], fromRaw: Bool) {
        self.entity = entity
        self.names = names
        self.fromRaw = fromRaw
        nameBytes = names.map { Array($0.utf8) }
    }

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        DropTransform(
            entity: config["entity"]?.stringValue,
            names: (config["fields"]?.arrayValue ?? []).compactMap(\.stringValue),
            fromRaw: config["raw"]?.boolValue ?? false)
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        try requireFields(names, in: schema, transform: "drop")
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
        if fromRaw { record.raw = removeRawMembers(record.raw, fields: nameBytes) }
    }
}

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

/// `derive`: a column built from others with a template: {"field": "doc", "template": "{supplier_id}/{invoice_number}"}.
public struct DeriveTransform: Transform, TransformConnector {
    public static let type = "derive"
    public static let summary =
        "Add a column from a template of other fields: {\"field\": …, \"template\": \"{a}-{b}\"}"
    public static let fields = [
        entityField, ConfigField("field", .string, required: true, "the new column"),
        ConfigField(
            "template", .string, required: true, "text with {field} placeholders; a null field makes the result null"),
    ]

    public let entity: String?
    let field: String
    let parts: [(literal: String, field: String?)]

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        guard let t = config["template"]?.stringValue else { return [] }
        return t.contains("{")
            ? []
            : [
                ManifestIssue(
                    "\(path).template", "the template has no {field} placeholder",
                    hint: "use the constant transform for a fixed value")
            ]
    }

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        var parts: [(String, String?)] = []
        var rest = Substring(config["template"]?.stringValue ?? "")
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            parts.append((String(rest[..<open]), String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        parts.append((String(rest), nil))
        return DeriveTransform(
            entity: config["entity"]?.stringValue, field: config["field"]?.stringValue ?? "", parts: parts)
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        for case let (_, name?) in parts where schema.column(name) == nil {
            throw MLCError(
                .transform, "derive: entity \(schema.name) has no field \"\(name)\" used in the template",
                hint: "fields: \(schema.columns.map(\.name).joined(separator: ", "))")
        }
        var s = schema
        s.columns.append(.init(field, .string, "derived"))
        return s
    }

    public var mayReject: Bool { false }

    public func apply(_ record: inout Record) throws {
        var out = ""
        for (literal, name) in parts {
            out += literal
            if let name {
                guard let text = record.fields[name]?.text else {
                    record.fields[field] = .null
                    return
                }
                out += text
            }
        }
        record.fields[field] = .string(out)
    }
}

let entityField = ConfigField("entity", .string, "the entity it applies to (default: every entity)")

extension Value {
    var columnType: ColumnType {
        switch self {
        case .null, .string: return .string
        case .bool: return .bool
        case .int: return .int
        case .decimal: return .decimal
        case .double: return .double
        case .timestamp: return .timestamp
        }
    }
}
