public enum ConnectorKind: String, Sendable { case source, sink, transform }
