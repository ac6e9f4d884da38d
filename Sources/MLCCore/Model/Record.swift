/// One row from a source: its key, its modified-at, typed fields, and the raw source object
/// (kept as JSON text so nothing the ERP sent is lost, custom fields included).
public struct Record: Sendable, Equatable {
    public var entity: String
    public var key: String
    public var modifiedAt: Timestamp?
    public var fields: Fields
    public var raw: String

    public init(entity: String, key: String, modifiedAt: Timestamp?, fields: Fields, raw: String) {
        self.entity = entity
        self.key = key
        self.modifiedAt = modifiedAt
        self.fields = fields
        self.raw = raw
    }

    /// An estimate of the record's size once loaded, used to size batches in bytes.
    /// Typed fields mostly repeat the raw object, so twice its size is close and costs nothing to compute.
    public var approximateBytes: Int { 2 * raw.utf8.count + key.utf8.count + 16 * fields.count }
}
