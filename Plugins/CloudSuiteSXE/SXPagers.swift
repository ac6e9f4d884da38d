import CloudSuite
import MLCCore

/// SXAPI list paging (reference §4.1): no offset; the next call restarts from the last row's restart field
/// (`vendorNumber` = the last `vendno`). Whether the restart row comes back is **unconfirmed**, so leading
/// rows already read are dropped — every row of the restart value, as a customer's ship-tos share its number.
/// `moreRecordsFlag` says when to stop; without it, a short page is the last.
struct SXListPager: Pager {
    let restartField: String
    let keyOf: (JSON) -> [String]
    private var lastKeys: Set<[String]> = []
    private var started: Set<String> = []
    private var lastRestart: String?

    init(restartField: String, keyOf: @escaping (JSON) -> [String]) {
        self.restartField = restartField
        self.keyOf = keyOf
    }

    mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        let more = page.more ?? (page.items.count >= pageSize)
        while let first = page.items.first, lastKeys.contains(keyOf(first.json)) { page.items.removeFirst() }
        guard more else { return nil }
        guard let last = page.items.last, let restart = SXLine.text(last.json[restartField]) else {
            throw noProgress(place, "the page held only rows read before, or no \(restartField) to restart from")
        }
        guard started.insert(restart).inserted else {
            throw noProgress(place, "the list would restart from \(restartField) \(restart) again")
        }
        // Restarting from a key only works on a list in that key's order; a list sorted otherwise would skip rows.
        if let lastRestart, Self.precedes(restart, lastRestart) {
            throw MLCError(
                .sourceFailed,
                "\(place): the list is not in \(restartField) order (\(restart) after \(lastRestart)): restarting from it would skip rows",
                hint: "set the call's sort input to \(restartField) order, or report the call to the tenant")
        }
        lastRestart = restart
        lastKeys = Set(page.items.filter { SXLine.text($0.json[restartField]) == restart }.map { keyOf($0.json) })
        return .fromKey([restart])
    }
}

extension SXListPager {
    /// Numbers as numbers (`vendno` 9 before 10), other keys as text.
    static func precedes(_ a: String, _ b: String) -> Bool {
        if let x = Double(a), let y = Double(b) { return x < y }
        return a < b
    }
}

/// FetchWhere paging (reference §4.3): the answer's restart row id goes back as `RestartRowID` until none
/// comes, or a batch brings no new row. Whether the restart row is read again is **unconfirmed**, so a first
/// row equal to the last one read is dropped; a restart id seen before is a cycle.
struct RestartRowPager: Pager {
    let keyOf: (JSON) -> [String]
    private var lastKey: [String]?
    private var seen: Set<String> = []

    init(keyOf: @escaping (JSON) -> [String]) { self.keyOf = keyOf }

    mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        let full = page.items.count >= pageSize
        if let lastKey, let first = page.items.first, keyOf(first.json) == lastKey { page.items.removeFirst() }
        guard let id = page.token, !id.isEmpty else {
            // A full batch without a restart id is where the rest of the table would be lost.
            guard !full else {
                throw MLCError(
                    .sourceFailed, "\(place): a full batch of \(pageSize) came without a restart row id",
                    hint:
                        "set source.fetchWhereRestart (and fetchWhereRows) to the members the tenant's FetchWhere answers with, or raise the entity's \"pageSize\""
                )
            }
            return nil
        }
        guard page.more != false, let last = page.items.last else { return nil }
        guard seen.insert(id).inserted else { throw noProgress(place, "the same RestartRowID came twice") }
        lastKey = keyOf(last.json)
        return .bookmark(id)
    }
}
