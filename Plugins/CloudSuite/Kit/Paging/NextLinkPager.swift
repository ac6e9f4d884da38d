import MLCCore

/// A next-page link, absent on the last page (LN `@odata.nextLink`, Financials' `_pageNav` next). The bearer
/// token goes only where the tenant lives: a link to another origin is refused, and so is a link seen before.
public struct NextLinkPager: Pager {
    /// The tenant URL (`iu/ti`): every link must start with it; a relative link is resolved against it.
    let tenantURL: String
    private var seen: Set<String> = []

    public init(tenantURL: String) { self.tenantURL = tenantURL }

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        guard var link = page.token, !link.isEmpty, !page.items.isEmpty else { return nil }
        if link.hasPrefix("/") { link = Self.origin(tenantURL) + link }
        guard link.hasPrefix(tenantURL + "/") || link.hasPrefix(tenantURL + "?") else {
            throw MLCError(
                .sourceFailed, "\(place): the next link leads away from the tenant (\(link.prefix(80)))",
                hint: "mlc sends the token only to the tenant URL in the .ionapi (iu/ti); report the link to the tenant"
            )
        }
        guard seen.insert(link).inserted else { throw noProgress(place, "the same next link came twice") }
        return .link(link)
    }

    /// `https://host:port` of a URL.
    static func origin(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        return String(url[..<(url[scheme.upperBound...].firstIndex(of: "/") ?? url.endIndex)])
    }
}
