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
    /// Canonical entities this source cannot read (yet), each with why and the alternative: a manifest naming
    /// one is told so, and `mlc spec` lists them.
    static var unservedEntities: [String: String] { get }
}
extension SourceConnector {
    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        entities.compactMap { request in catalog.first { $0.name == request.name } }
    }
    public static var unfilledColumns: [String: [String]] { [:] }
    public static var unservedEntities: [String: String] { [:] }
}
