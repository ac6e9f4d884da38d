import MLCCore

/// OData paging where server-driven paging is unconfirmed (LN): an answer with an `@odata.nextLink` is
/// followed link by link; an answer without one ends its chain of requests. A chain that returned `$top`
/// rows may have stopped at `$top`, not at the end of the set, so the read goes on with `$skip` past every
/// row read — a service that pages itself and one that only honours `$top`/`$skip` are read the same way.
/// A service may also cap its answers below `$top` without a link: a chain as long as the longest one of
/// this read goes on too, so a short first answer costs one request more (the empty one that ends the read).
/// A `$skip` page that starts with a row read before (a service that ignores `$skip`) is refused.
public struct ODataPager: Pager {
    private var links: NextLinkPager
    private var read = 0
    private var chain = 0
    private var longestChain = 0
    private var chainStarts: Set<String> = []
    private var startsChain = true

    public init(tenantURL: String) { links = NextLinkPager(tenantURL: tenantURL) }

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        if startsChain, let first = page.items.first?.raw, !chainStarts.insert(first).inserted {
            throw noProgress(place, "the page starts with a row read before ($skip is not honoured)")
        }
        read += page.items.count
        chain += page.items.count
        if let link = try links.next(after: &page, pageSize: pageSize, place: place) {
            startsChain = false
            return link
        }
        longestChain = max(longestChain, chain)
        guard chain >= min(pageSize, longestChain), !page.items.isEmpty else { return nil }
        chain = 0
        startsChain = true
        return .skip(read)
    }
}
