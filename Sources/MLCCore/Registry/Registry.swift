/// The connectors compiled into this binary.
public struct Registry: Sendable {
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
