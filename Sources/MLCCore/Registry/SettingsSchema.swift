/// A connector's manifest section as a JSON Schema (draft 2020-12), from the same declarations `validate`
/// uses: editors complete and check manifests with it (`mlc spec TYPE --json-schema`).
public enum SettingsSchema {
    public static func section(
        type: String, kind: ConnectorKind, fields: [ConfigField],
        entityFields: [ConfigField]? = nil, entityNames: [String]? = nil
    ) -> JSON {
        var properties =
            [JSONMember("type", ["const": .string(type)])] + fields.map { JSONMember($0.name, property($0)) }
        if let entityFields, let entityNames {
            let names: JSON = ["enum": .array(entityNames.map(JSON.string))]
            let override = object(
                [ConfigField("name", .string, required: true, "a catalog entity")] + entityFields,
                overriding: ["name": names])
            properties.append(
                JSONMember(
                    "entities",
                    [
                        "type": "array", "description": "catalog names, or {\"name\": …, overrides}",
                        "items": ["oneOf": [names, override]],
                    ]))
        }
        let required = ["type"] + fields.filter(\.required).map(\.name) + (entityFields == nil ? [] : ["entities"])
        return .object([
            JSONMember("$schema", "https://json-schema.org/draft/2020-12/schema"),
            JSONMember("title", .string("mlc \(kind.rawValue) \(type)")),
            JSONMember("type", "object"),
            JSONMember("properties", .object(properties)),
            JSONMember("required", .array(required.map(JSON.string))),
            JSONMember("additionalProperties", .bool(false)),
        ])
    }

    static func object(_ fields: [ConfigField], overriding: [String: JSON] = [:]) -> JSON {
        .object([
            JSONMember("type", "object"),
            JSONMember("properties", .object(fields.map { JSONMember($0.name, overriding[$0.name] ?? property($0)) })),
            JSONMember("required", .array(fields.filter(\.required).map { JSON.string($0.name) })),
            JSONMember("additionalProperties", .bool(false)),
        ])
    }

    static func property(_ field: ConfigField) -> JSON {
        var members: [JSONMember]
        switch field.type {
        case .string: members = [JSONMember("type", "string")]
        case .int: members = [JSONMember("type", "integer")]
        case .number: members = [JSONMember("type", "number")]
        case .bool: members = [JSONMember("type", "boolean")]
        case .array: members = [JSONMember("type", "array")]
        case .any: members = []
        case .object: members = field.nested.map { object($0).objectValue ?? [] } ?? [JSONMember("type", "object")]
        case .secret:
            // Secrets are references, never literals.
            let forms = ["env", "file", "secret"].map { form -> JSON in
                [
                    "type": "object",
                    "properties": .object([JSONMember(form, ["type": "string", "minLength": .number("1")])]),
                    "required": [.string(form)], "additionalProperties": .bool(false),
                ]
            }
            members = [JSONMember("oneOf", .array(forms))]
        }
        members.append(JSONMember("description", .string(field.description)))
        if let allowed = field.allowed { members.append(JSONMember("enum", .array(allowed.map(JSON.string)))) }
        if let range = field.range {
            members.append(JSONMember("minimum", .number(String(range.lowerBound))))
            members.append(JSONMember("maximum", .number(String(range.upperBound))))
        }
        if let value = field.defaultValue { members.append(JSONMember("default", value)) }
        return .object(members)
    }
}
