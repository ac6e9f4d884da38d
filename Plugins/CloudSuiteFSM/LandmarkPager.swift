import CloudSuite
import MLCCore

/// Landmark's page navigation: the next link as given (never an offset built here). A full page without a
/// next link is where rows would silently go missing — the tenant names its links otherwise, or ignores
/// `_pageNav` — so unless `_count` says the read is complete, it stops the entity with the settings that fix it.
struct LandmarkPager: Pager {
    var links: NextLinkPager
    let linkNames: [String]
    private var read = 0

    init(tenantURL: String, linkNames: [String]) {
        links = NextLinkPager(tenantURL: tenantURL)
        self.linkNames = linkNames
    }

    mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        read += page.items.count
        if let token = try links.next(after: &page, pageSize: pageSize, place: place) { return token }
        // Rows are missing when `_count` says more than were read, or when a full page came without a link and
        // `_count` cannot vouch for it (absent, or only this page's own size: a page count or a whole list?).
        let full = page.items.count >= pageSize
        let moreByCount = page.total.map { $0 > read } ?? false
        let unvouched = full && (page.total == nil || page.total == page.items.count)
        guard moreByCount || unvouched else { return nil }
        throw MLCError(
            .sourceFailed,
            "\(place): \(full ? "a full page of \(pageSize)" : "a page of \(page.items.count)") came without a next link"
                + (page.total.map { " and _count says \($0) rows (\(read) read)" } ?? " and without _count")
                + ": the rest of the list would be lost",
            hint:
                "set source.pageLinks to the link name the tenant sends in _links (mlc looks for \(linkNames.joined(separator: ", "))), or raise the entity's \"pageSize\" above its row count"
        )
    }
}
