import MLCCore

/// `$top`/`$skip`: a short page is the last one.
public struct SkipPager: Pager {
    private var read = 0
    public init() {}

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        read += page.items.count
        return page.items.count < pageSize || page.items.isEmpty ? nil : .skip(read)
    }
}
