import MLCCore

/// What a product's envelope parser read from one answer: the items, what the product said about paging,
/// and the product's own refusal (an error envelope carried in a 200).
public struct IONPage {
    public var items: [IONItem] = []
    /// More rows follow (SyteLine MoreRowsExist, SX.e's more-records flag); nil when the product does not say.
    public var more: Bool?
    /// How many rows the product says the read has (Financials' `_count`), when it says.
    public var total: Int?
    /// The paging token the product returned: a bookmark, a next link, a restart row id.
    public var token: String?
    /// The product's refusal message (`Success: false`, an OData error object …).
    public var refusal: String?

    public init(items: [IONItem] = [], more: Bool? = nil, token: String? = nil, refusal: String? = nil) {
        self.items = items
        self.more = more
        self.token = token
        self.refusal = refusal
    }
}
