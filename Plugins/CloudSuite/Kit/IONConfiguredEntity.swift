import MLCCore

/// An entity as this pipeline reads it: the catalog entry with the manifest's overrides, and the settings of
/// its requests.
public struct IONConfiguredEntity: Sendable {
    public var request: EntityRequest
    public var entity: IONEntity
    public var pageSize: Int
    /// The manifest listed the fields: they are sent as written (plus key and cursor), unchecked.
    public var explicitFields: Bool
    /// The extra filter the manifest gave, in the product's filter language.
    public var filter: String?
    /// Written into the canonical `company` column.
    public var company: String
    /// The company as the line's calls name it (M3's `cono`); empty: the API user's own. A pipeline reading
    /// several companies has one configured entity per company.
    public var scope: String
    /// Headers every call for this entity carries (SyteLine's Mongoose configuration).
    public var headers: [(String, String)]

    public init(
        request: EntityRequest, entity: IONEntity, pageSize: Int, explicitFields: Bool, company: String,
        scope: String = "", headers: [(String, String)] = []
    ) {
        self.request = request
        self.entity = entity
        self.pageSize = pageSize
        self.explicitFields = explicitFields
        self.filter = request.options["filter"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        self.company = company
        self.scope = scope
        self.headers = headers
    }
}
