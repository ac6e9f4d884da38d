import MLCCore

/// Where the next page starts, in the form the product expects it back.
public enum PageToken: Sendable, Equatable {
    /// SyteLine's Bookmark, SX.e's RestartRowID: sent back as a parameter.
    case bookmark(String)
    /// LN's `@odata.nextLink`, Financials' next-page link: the next request's whole URL.
    case link(String)
    /// OData `$skip`: rows already read.
    case skip(Int)
    /// M3: the last row's key, from which the next call starts (it repeats that row).
    case fromKey([String])
}

/// A product's paging rule: from one page (which it may trim of a row it repeats), the next page's token, or
/// nil when it was the last. A pager refuses to go round in circles: a token seen before is an error, since a
/// cycle would spend the tenant's quota for ever.
public protocol Pager {
    /// `place` names the page in errors ("IDO SLVendors, page 3").
    mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken?
}

extension Pager {
    func noProgress(_ place: String, _ what: String) -> MLCError {
        MLCError(
            .sourceFailed, "\(place): \(what): paging makes no progress",
            hint:
                "nothing from this page was loaded; set the entity's \"pageSize\" above the row count, or report it to the tenant"
        )
    }
}

/// A continuation token with a "more rows" flag (SyteLine `Bookmark` + `MoreRowsExist`, SX.e `RestartRowID`).
public struct BookmarkPager: Pager {
    let tokenName: String
    let flagName: String
    private var seen: Set<String> = []

    public init(tokenName: String = "Bookmark", flagName: String = "MoreRowsExist") {
        self.tokenName = tokenName
        self.flagName = flagName
    }

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        guard page.more == true, !page.items.isEmpty else { return nil }
        guard let token = page.token, !token.isEmpty else {
            throw MLCError(
                .sourceFailed,
                "\(place): \(flagName) is true but no \(tokenName) came with it: paging cannot go on",
                hint:
                    "nothing from this page was loaded; set the entity's \"pageSize\" above the row count, or report it to the tenant"
            )
        }
        guard seen.insert(token).inserted else {
            throw noProgress(place, "the same \(tokenName.lowercased()) came twice")
        }
        return .bookmark(token)
    }
}

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

/// `$top`/`$skip`: a short page is the last one.
public struct SkipPager: Pager {
    private var read = 0
    public init() {}

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        read += page.items.count
        return page.items.count < pageSize || page.items.isEmpty ? nil : .skip(read)
    }
}

/// From-key paging (M3 MI lists): the next call starts at the last row's key and returns that row again, so
/// it is dropped; a short page is the last one.
public struct FromKeyPager: Pager {
    let keyOf: (JSON) -> [String]
    private var last: [String]?

    public init(keyOf: @escaping (JSON) -> [String]) { self.keyOf = keyOf }

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        let full = page.items.count >= pageSize
        if let last, let first = page.items.first, keyOf(first.json) == last { page.items.removeFirst() }
        guard full, let newest = page.items.last.map({ keyOf($0.json) }) else { return nil }
        guard newest != last else { throw noProgress(place, "the page ends on the key it started from") }
        last = newest
        return .fromKey(newest)
    }
}
