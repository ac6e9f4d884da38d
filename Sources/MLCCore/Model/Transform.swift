/// A stateless, ordered step between source and sink.
public protocol Transform: Sendable {
    /// The entity it applies to, or nil for every entity.
    var entity: String? { get }
    func transform(schema: EntitySchema) throws -> EntitySchema
    func apply(_ record: inout Record) throws
    /// Whether `apply` can refuse a record (throw). Only then does the pipeline keep each record's source
    /// version aside while transforming it, to park it unchanged. Defaults to true; say false only when
    /// `apply` never throws.
    var mayReject: Bool { get }
}
extension Transform {
    public var mayReject: Bool { true }
}
