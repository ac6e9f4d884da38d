import MLCCore

/// OData paging where server-driven paging is unconfirmed (LN): an answer with an `@odata.nextLink` is
/// followed link by link; an answer without one ends its chain of requests. A chain that returned `$top`
/// rows may have stopped at `$top`, not at the end of the set, so the read goes on after the last row read, by
/// its order fields (`.after`: modified, then key; `$skip` when that row lacks one) — a service that pages itself
/// and one that only honours `$top` are read the same way, and a row changed during the read (it moves to the
/// end of the order) shifts nothing, as it would with `$skip`. A service may also cap its answers below `$top`
/// without a link: while no chain reached `$top`, the read goes on until an empty answer, so a short first
/// answer costs one request more (the empty one that ends the read). A chain that starts with a row read
/// before (a service that ignores the filter) is refused.
public struct ODataPager: Pager {
    private var links: NextLinkPager
    /// A row's values of the fields the pages are ordered by, as the filter's literals; nil when one is missing.
    let orderValues: (JSON) -> [String]?
    private var read = 0
    private var chain = 0
    private var longestChain = 0
    private var chainStarts: Set<String> = []
    private var startsChain = true

    public init(tenantURL: String, orderValues: @escaping (JSON) -> [String]?) {
        links = NextLinkPager(tenantURL: tenantURL)
        self.orderValues = orderValues
    }

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        if startsChain, let first = page.items.first?.raw, !chainStarts.insert(first).inserted {
            throw noProgress(
                place, "the page starts with a row read before (the filter after the last row is not honoured)")
        }
        read += page.items.count
        chain += page.items.count
        if let link = try links.next(after: &page, pageSize: pageSize, place: place) {
            startsChain = false
            return link
        }
        longestChain = max(longestChain, chain)
        // While every chain came back below `$top` (a cap, or a short read), only an empty answer is the end: a
        // cap by payload size gives chains of uneven length.
        guard chain >= pageSize || longestChain < pageSize, let last = page.items.last else { return nil }
        chain = 0
        startsChain = true
        // A last row without a value to order by (a null modified date) cannot be gone past by value: by count.
        return orderValues(last.json).map(PageToken.after) ?? .skip(read)
    }
}
