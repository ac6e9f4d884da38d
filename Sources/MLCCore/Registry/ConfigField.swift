/// One documented setting of a connector, transform or entity; drives validation and `mlc spec`.
public struct ConfigField: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    public var description: String
    public var allowed: [String]?
    /// The values an `.int` setting may take: checked at `validate`, so the arithmetic using it cannot trap.
    public var range: ClosedRange<Int>?
    /// The value when the manifest leaves it out, declared here only: construction reads it through
    /// `[ConfigField].value(_:in:)`, `mlc spec` and the JSON Schema show it.
    public var defaultValue: JSON?
    /// The settings inside an `.object` setting (`rateLimit`).
    public var nested: [ConfigField]?

    public init(
        _ name: String, _ type: FieldType, required: Bool = false, _ description: String, allowed: [String]? = nil,
        range: ClosedRange<Int>? = nil, default defaultValue: JSON? = nil, nested: [ConfigField]? = nil
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.description = description
        self.allowed = allowed
        self.range = range
        self.defaultValue = defaultValue
        self.nested = nested
    }

    public var json: JSON {
        var m: [JSONMember] = [
            JSONMember("name", .string(name)), JSONMember("type", .string(type.rawValue)),
            JSONMember("required", .bool(required)), JSONMember("description", .string(description)),
        ]
        if let allowed { m.append(JSONMember("allowed", .array(allowed.map(JSON.string)))) }
        if let range {
            m.append(JSONMember("minimum", .number(String(range.lowerBound))))
            m.append(JSONMember("maximum", .number(String(range.upperBound))))
        }
        if let defaultValue { m.append(JSONMember("default", defaultValue)) }
        if let nested { m.append(JSONMember("fields", .array(nested.map(\.json)))) }
        return .object(m)
    }
}

extension [ConfigField] {
    /// The manifest's value for a setting, or its declared default. A name not declared here is a
    /// programming error, caught by the first test that builds the connector.
    public func value(_ name: String, in config: JSON) -> JSON? {
        guard let field = first(where: { $0.name == name }) else { preconditionFailure("no setting named \(name)") }
        return config[name] ?? field.defaultValue
    }

    public func int(_ name: String, in config: JSON) -> Int { value(name, in: config)?.intValue ?? 0 }
    public func string(_ name: String, in config: JSON) -> String { value(name, in: config)?.stringValue ?? "" }
}
