import MLCCore

/// Where the next page starts, in the form the product expects it back.
public enum PageToken: Sendable, Equatable {
    /// SyteLine's Bookmark, SX.e's RestartRowID: sent back as a parameter.
    case bookmark(String)
    /// LN's `@odata.nextLink`, Financials' next-page link: the next request's whole URL.
    case link(String)
    /// OData `$skip`: rows already read.
    case skip(Int)
    /// The order fields' values of the last row read (modified, then key): the next page is the rows after it in
    /// that order — keyset paging, which a row changed during the read cannot shift.
    case after([String])
    /// M3: the last row's key, from which the next call starts (it repeats that row).
    case fromKey([String])
    /// A change-date range of days (M3's date-selected lists and table reads).
    case window(DayWindow)
}
