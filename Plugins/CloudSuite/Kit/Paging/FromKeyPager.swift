import MLCCore

/// From-key paging (M3 MI lists): the next call starts at the last row's key and returns that row again, so
/// it is dropped; a short page is the last one. A key the list was started from before is refused (a cycle).
public struct FromKeyPager: Pager {
    let keyOf: (JSON) -> [String]
    private var last: [String]?
    private var started: Set<[String]> = []

    public init(keyOf: @escaping (JSON) -> [String]) { self.keyOf = keyOf }

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        let full = page.items.count >= pageSize
        if let last, let first = page.items.first, keyOf(first.json) == last { page.items.removeFirst() }
        guard full, let newest = page.items.last.map({ keyOf($0.json) }) else { return nil }
        guard started.insert(newest).inserted else {
            throw noProgress(place, "the list would start again from key \(newest.joined(separator: "|"))")
        }
        last = newest
        return .fromKey(newest)
    }
}
