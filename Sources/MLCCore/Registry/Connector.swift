/// Common to sources, sinks and transforms: a type name, a one-line summary, documented fields.
/// The ConnectorRegistry build plugin finds conformances to the refining protocols below in every
/// target `mlc` depends on and lists them in the generated registry. The registry is one global every task
/// reads, so the connector types themselves must be safe to share.
public protocol Connector: SendableMetatype {
    static var type: String { get }
    static var summary: String { get }
    static var fields: [ConfigField] { get }
    /// Checks beyond field types (ranges, combinations); the generic checks already ran.
    static func validate(config: JSON, at path: String) -> [ManifestIssue]
}
extension Connector {
    public static func validate(config: JSON, at path: String) -> [ManifestIssue] { [] }
}
