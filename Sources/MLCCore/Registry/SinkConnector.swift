public protocol SinkConnector: Connector {
    static func makeSink(config: JSON, context: ConnectorContext) throws -> any Sink
    /// The section with what it refers to filled in (Snowflake's `"connection": "NAME"` from its
    /// connections.toml), before it is validated and used; the manifest's own settings win.
    static func expand(config: JSON, at path: String) -> (JSON, [ManifestIssue])
}

extension SinkConnector {
    public static func expand(config: JSON, at path: String) -> (JSON, [ManifestIssue]) { (config, []) }
}
