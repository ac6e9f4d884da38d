import MLCCore

/// One entity read for several companies in turn (M3's `cono` list), each from the same cursor. The cursor
/// it reports stays where the run began until the last company is read, then moves to the oldest of their
/// newest change stamps: a run stopped between companies starts them all again, and no company misses a row
/// changed while another was read. A company with no rows in the window does not hold the cursor back.
final class CompanyPages: PageReader {
    private var readers: [IONPagedReader]
    private let start: Cursor
    /// The oldest newest-stamp of the companies read so far (nil: none had rows).
    private var oldestNewest: Cursor?
    private var current: Cursor?
    /// The last company's pages carried the final cursor.
    private var reported = false

    init(readers: [IONPagedReader], from cursor: Cursor?) {
        self.readers = readers
        start = cursor ?? Cursor(modifiedAt: nil, key: nil)
    }

    func next() async throws -> Page? {
        while let reader = readers.first {
            if var page = try await reader.next() {
                // A reader whose pages are not in cursor order hands its final cursor over on a page that may be
                // empty: any page that moves the cursor counts, not only one with rows.
                if !page.records.isEmpty || page.cursor != start { current = page.cursor }
                page.cursor = readers.count > 1 ? start : Self.older(oldestNewest, current) ?? start
                reported = readers.count == 1 && current != nil
                return page
            }
            oldestNewest = Self.older(oldestNewest, current)
            current = nil
            readers.removeFirst()
            // The last company had no rows: the cursor still moves, to what the others read.
            if readers.isEmpty, !reported, let oldestNewest {
                reported = true
                return Page(records: [], cursor: oldestNewest)
            }
        }
        return nil
    }

    /// The older of two cursors; one without a stamp is the oldest of all.
    static func older(_ a: Cursor?, _ b: Cursor?) -> Cursor? {
        guard let a else { return b }
        guard let b else { return a }
        guard let x = a.modifiedTimestamp, let y = b.modifiedTimestamp else { return a.modifiedAt == nil ? a : b }
        return x <= y ? a : b
    }
}
