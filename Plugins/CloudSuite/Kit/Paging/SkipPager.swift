import MLCCore

/// `$top`/`$skip`: a short page is the last one. A page that starts with a row seen before (a server that
/// ignores `$skip`) is refused, since it would be read for ever.
public struct SkipPager: Pager {
    private var read = 0
    private var firstRows: Set<String> = []
    public init() {}

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        if let first = page.items.first?.raw, !firstRows.insert(first).inserted {
            throw noProgress(place, "the page starts with a row read before ($skip is not honoured)")
        }
        read += page.items.count
        return page.items.count < pageSize || page.items.isEmpty ? nil : .skip(read)
    }
}
