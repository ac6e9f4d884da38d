public protocol TransformConnector: Connector {
    static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform
}
