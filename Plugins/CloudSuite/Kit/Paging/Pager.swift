import MLCCore

/// A product's paging rule: from one page (which it may trim of a row it repeats), the next page's token, or
/// nil when it was the last. A pager refuses to go round in circles: a token seen before is an error, since a
/// cycle would spend the tenant's quota for ever.
public protocol Pager {
    /// `place` names the page in errors ("IDO SLVendors, page 3").
    mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken?
    /// The first page's token: nil for pagers whose first page is asked without one.
    var first: PageToken? { get }
}
extension Pager {
    public var first: PageToken? { nil }

    public func noProgress(_ place: String, _ what: String) -> MLCError {
        MLCError(
            .sourceFailed, "\(place): \(what): paging makes no progress",
            hint:
                "nothing from this page was loaded; set the entity's \"pageSize\" above the row count, or report it to the tenant"
        )
    }
}
