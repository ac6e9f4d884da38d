import MLCCore

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
