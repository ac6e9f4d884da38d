public protocol SinkConnector: Connector {
    static func makeSink(config: JSON, context: ConnectorContext) throws -> any Sink
}
