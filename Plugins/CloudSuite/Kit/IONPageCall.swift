import MLCCore

/// One page request, everything a product line needs to write its URL.
public struct IONPageCall {
    public var entity: IONEntity
    /// The fields to ask for, in the tenant's spelling.
    public var fields: [String]
    /// Cursor, then tie-breaker, in the tenant's spelling.
    public var order: [String]
    public var selection: IONSelection
    /// The entity's own filter from the manifest, ANDed with the selection.
    public var filter: String?
    public var pageSize: Int
    public var token: PageToken?
    /// The company the call reads (`IONConfiguredEntity.scope`); empty: the API user's own.
    public var scope: String = ""
}
