import MLCCore

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
        // Without the flag, a full page may have more behind it: the next answer (empty, or short) tells.
        guard page.more ?? (page.items.count >= pageSize), !page.items.isEmpty else { return nil }
        guard let token = page.token, !token.isEmpty else {
            let flag = page.more == nil ? "\(flagName) is absent, the page is full" : "\(flagName) is true"
            throw MLCError(
                .sourceFailed,
                "\(place): \(flag) but no \(tokenName) came with it: paging cannot go on",
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
