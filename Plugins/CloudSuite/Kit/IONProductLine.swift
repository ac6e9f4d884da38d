import MLCCore

/// What a product line supplies to the kit: its request shape, its envelope parser, its pager and its value
/// formats. Everything else — the gateway, errors, retries, the entity table, check, discover, the cursor,
/// record mapping, statistics — is the kit's (`PRODUCT-LINE.md`).
public protocol IONProductLine: Sendable {
    /// The product's name in messages and hints ("SyteLine (CSI)").
    var productName: String { get }
    /// The deployment path under the tenant URL, for the 404 hint ("CSI").
    var deployment: String { get }
    /// What the product calls a field in messages ("property" for an IDO's).
    var fieldWord: String { get }
    /// The entity setting that says where it reads from (`ido`), for hints.
    var locatorSetting: String { get }
    /// Whether a call can ask for records by key (a filter on the key fields). A list without one replays
    /// the stored copies of parked records instead of reading the whole list again per key.
    var rereadsByKey: Bool { get }
    /// Whether pages come in cursor order. A list that pages in its own key order (Financials') cannot move the
    /// cursor page by page — a later page may hold older changes — so the cursor moves once, when the read ends.
    var ordersByCursor: Bool { get }
    /// Keys per re-read request (keeps each URL under the gateway's request-line limit).
    var keysPerRequest: Int { get }

    /// Headers every call for a company carries (LN's `X-Infor-LnCompany`); empty scope: the API user's own.
    func headers(scope: String) -> [(String, String)]
    /// The URL of one page, below `base` (the tenant URL).
    func url(_ call: IONPageCall, base: String) -> String
    /// The JSON body of one page's call, for products that POST their arguments (SX.e); nil: a GET.
    func body(_ call: IONPageCall) -> [UInt8]?
    /// One answer's items, paging information and refusal; throws when it is not the product's envelope.
    func page(_ body: [UInt8]) throws -> IONPage
    /// One answer read for the call that asked it (a table read answers in positions, not names).
    func page(_ body: [UInt8], call: IONPageCall) throws -> IONPage
    /// A fresh pager for one read.
    func pager(_ entity: IONEntity) -> any Pager
    /// A fresh pager for one read of `selection` (date windows start from the selection's days).
    func pager(_ entity: IONEntity, selection: IONSelection, window: IncrementalWindow) -> any Pager

    /// The metadata call that lists the fields the tenant's entity has, or nil when the product has none.
    func metadataURL(_ entity: IONEntity, base: String) -> String?
    /// The field names of a metadata answer; a refusal carries the product's message.
    func fields(_ body: [UInt8]) throws -> Result<[String], IONRefusal>
    /// The same for one entity of an answer that describes several (an OData service's `$metadata`).
    func fields(_ body: [UInt8], of entity: IONEntity) throws -> Result<[String], IONRefusal>
    /// An error envelope in a 4xx/5xx answer (OData's `error.message`, M3's `Message`), when there is one.
    func errorMessage(_ body: [UInt8]) -> String?
    /// What to change when the product refused a call with `message`; `path` is the entity's manifest path.
    func refusalHint(_ message: String, entity: IONEntity, path: String) -> String

    /// A cursor value from elsewhere in the item when the cursor field is absent (SyteLine's `_ItemId`).
    func cursorFallback(member: String, value: JSON, window: IncrementalWindow) -> Timestamp?
    /// Values arrive right-padded with spaces (M3's fixed-width fields): typed values are trimmed, `_raw` is not,
    /// and a value of spaces only is null (a fixed-width field cannot say "none" otherwise).
    var trimsTrailingSpaces: Bool { get }
    /// The product has no null: an empty text is the absent value (Financials' all-text `_fields`), so an empty
    /// value is null when typed, and stays as sent in `_raw`.
    var blankIsNull: Bool { get }
    /// The member `cursorFallback` reads, for the message when neither carries a date.
    var cursorFallbackName: String? { get }
}
extension IONProductLine {
    public var keysPerRequest: Int { 40 }
    public var ordersByCursor: Bool { true }
    public func headers(scope: String) -> [(String, String)] { [] }
    public func body(_ call: IONPageCall) -> [UInt8]? { nil }
    public func page(_ body: [UInt8], call: IONPageCall) throws -> IONPage { try page(body) }
    public func pager(_ entity: IONEntity, selection: IONSelection, window: IncrementalWindow) -> any Pager {
        pager(entity)
    }
    public var rereadsByKey: Bool { true }
    public var fieldWord: String { "field" }
    public var locatorSetting: String { "where it reads from" }
    public func metadataURL(_ entity: IONEntity, base: String) -> String? { nil }
    public func fields(_ body: [UInt8]) throws -> Result<[String], IONRefusal> { .success([]) }
    public func fields(_ body: [UInt8], of entity: IONEntity) throws -> Result<[String], IONRefusal> {
        try fields(body)
    }
    public func errorMessage(_ body: [UInt8]) -> String? { nil }
    public func cursorFallback(member: String, value: JSON, window: IncrementalWindow) -> Timestamp? { nil }
    public var cursorFallbackName: String? { nil }
    public var trimsTrailingSpaces: Bool { false }
    public var blankIsNull: Bool { trimsTrailingSpaces }
}
