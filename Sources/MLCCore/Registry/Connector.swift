/// The type of a value a connector expects in its manifest section.
public enum FieldType: String, Sendable {
    case string, int, number, bool, object, array, secret, any
}

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

/// What every connector gets when it is built: where the manifest lives, how to resolve secrets, how to log.
public struct ConnectorContext {
    public var manifestDirectory: String
    public var secrets: SecretResolver
    public var log: EventLog

    public init(manifestDirectory: String, secrets: SecretResolver, log: EventLog) {
        self.manifestDirectory = manifestDirectory
        self.secrets = secrets
        self.log = log
    }

    /// Resolves a path from the manifest relative to the manifest's own directory.
    public func path(_ p: String) -> String {
        p.hasPrefix("/") ? p : manifestDirectory + "/" + p
    }
}

/// An entity the manifest asks for, with its per-entity overrides.
public struct EntityRequest: Sendable {
    public var name: String
    public var options: JSON
    public var manifestPath: String
    public init(name: String, options: JSON = .object([]), manifestPath: String) {
        self.name = name
        self.options = options
        self.manifestPath = manifestPath
    }
}

/// Common to sources, sinks and transforms: a type name, a one-line summary, documented fields.
/// The ConnectorRegistry build plugin finds conformances to the refining protocols below in every
/// target `mlc` depends on and lists them in the generated registry.
public protocol Connector {
    static var type: String { get }
    static var summary: String { get }
    static var fields: [ConfigField] { get }
    /// Checks beyond field types (ranges, combinations); the generic checks already ran.
    static func validate(config: JSON, at path: String) -> [ManifestIssue]
}

extension Connector {
    public static func validate(config: JSON, at path: String) -> [ManifestIssue] { [] }
}

public protocol SourceConnector: Connector {
    /// The default entity catalog (before manifest overrides).
    static var catalog: [EntitySchema] { get }
    /// Settings an entity entry may override.
    static var entityFields: [ConfigField] { get }
    static func makeSource(config: JSON, entities: [EntityRequest], context: ConnectorContext) throws -> any Source
    /// The entities' schemas after the manifest's overrides and settings (`config` is the source section):
    /// `validate` checks the transforms against them.
    static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema]
    /// Per catalog entity, the canonical columns this source cannot fill (they stay null): `mlc spec` lists them.
    static var unfilledColumns: [String: [String]] { get }
}

extension SourceConnector {
    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        entities.compactMap { request in catalog.first { $0.name == request.name } }
    }
    public static var unfilledColumns: [String: [String]] { [:] }
}

public protocol SinkConnector: Connector {
    static func makeSink(config: JSON, context: ConnectorContext) throws -> any Sink
}

public protocol TransformConnector: Connector {
    static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform
}

public enum ConnectorKind: String, Sendable { case source, sink, transform }

/// The connectors compiled into this binary.
public struct Registry {
    public var sources: [any SourceConnector.Type]
    public var sinks: [any SinkConnector.Type]
    public var transforms: [any TransformConnector.Type]

    public init(
        sources: [any SourceConnector.Type], sinks: [any SinkConnector.Type], transforms: [any TransformConnector.Type]
    ) {
        self.sources = sources.sorted { $0.type < $1.type }
        self.sinks = sinks.sorted { $0.type < $1.type }
        self.transforms = transforms.sorted { $0.type < $1.type }
    }

    /// Sorts generated connector types by what they conform to.
    public init(connectors: [any Connector.Type]) {
        self.init(
            sources: connectors.compactMap { $0 as? any SourceConnector.Type },
            sinks: connectors.compactMap { $0 as? any SinkConnector.Type },
            transforms: connectors.compactMap { $0 as? any TransformConnector.Type })
    }

    public func source(_ type: String) -> (any SourceConnector.Type)? { sources.first { $0.type == type } }
    public func sink(_ type: String) -> (any SinkConnector.Type)? { sinks.first { $0.type == type } }
    public func transform(_ type: String) -> (any TransformConnector.Type)? { transforms.first { $0.type == type } }

    public var all: [(kind: ConnectorKind, connector: any Connector.Type)] {
        sources.map { (.source, $0 as any Connector.Type) } + sinks.map { (.sink, $0 as any Connector.Type) }
            + transforms.map { (.transform, $0 as any Connector.Type) }
    }
}
