import MLCCore

/// A next-page link, absent on the last page (LN `@odata.nextLink`, Financials' `_pageNav` next).
public struct NextLinkPager: Pager {
    private var seen: Set<String> = []
    public init() {}

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        guard let link = page.token, !link.isEmpty, !page.items.isEmpty else { return nil }
        guard seen.insert(link).inserted else { throw noProgress(place, "the same next link came twice") }
        return .link(link)
    }
}
