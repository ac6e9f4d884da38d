import MLCCore

/// Reads one entity page by page with the product's pager, ordered by (cursor, tie-breaker). The first page
/// asks the tenant what the entity has (the metadata call, once per resource per run) and carries the
/// warnings. The cursor after a page is the newest modified-at of its loadable records; a page whose records
/// all lack one keeps the previous cursor. A line whose pages are not in cursor order keeps the starting
/// cursor until the last page, which carries the newest of the whole read.
final class IONPagedReader: PageReader {
    let source: IONSource
    /// As configured; without its cursor once the tenant's entity turns out to lack the field.
    private(set) var entity: IONConfiguredEntity
    let selection: IONSelection
    /// Stop after the first page (`mlc check` sends the run's request with a one-row cap).
    let singlePage: Bool
    let pageSize: Int
    private var plan: IONRequestPlan?
    private var mapper: IONRecordMapper?
    private var pager: any Pager
    private var token: PageToken?
    private var done = false
    private var lastCursor: Cursor?
    /// The newest record of the read so far, for a line whose pages are not in cursor order.
    private var newestRead: Cursor?
    private var newestReadAt: Timestamp?
    /// When the read began: a line not in cursor order never moves the cursor past it, since a row read on an
    /// early page and changed while later pages were read carries a stamp older than theirs.
    private let readStarted = Timestamp.now()
    private var pages = 0

    init(
        source: IONSource, entity: IONConfiguredEntity, selection: IONSelection, from cursor: Cursor?,
        singlePage: Bool = false
    ) {
        self.source = source
        self.entity = entity
        self.selection = selection
        self.singlePage = singlePage
        pageSize = singlePage ? 1 : entity.pageSize
        lastCursor = cursor
        pager = source.line.pager(entity.entity, selection: selection, window: source.window)
        token = pager.first
    }

    /// The page request, exactly as a run sends it.
    func call(_ plan: IONRequestPlan) -> IONPageCall {
        IONPageCall(
            entity: entity.entity, fields: plan.fields, order: plan.order, selection: selection,
            filter: entity.filter, pageSize: pageSize, token: token, scope: entity.scope)
    }

    func next() async throws -> Page? {
        guard !done else { return nil }
        var warnings: [String] = []
        if plan == nil {
            let planned = try await source.plan(entity)
            plan = planned
            warnings = planned.warnings
            if planned.readsInFull {
                // As for an entity without a change stamp: every row, no filter, no cursor stored.
                entity.entity.cursor = nil
                pager = source.line.pager(entity.entity, selection: selection, window: source.window)
                token = pager.first
                lastCursor = nil
            }
            mapper = IONRecordMapper(
                entity: entity.entity, spellings: planned.fields, line: source.line, window: source.window,
                columns: source.columns, company: entity.company)
        }
        var page = IONPage()
        var requests = 0
        // A pager may drop a whole answer (a date window asked again narrower): ask on until one has rows.
        repeat {
            pages += 1
            requests += 1
            page = try await source.fetch(call(plan!), entity, page: pages)
            try advance(&page)
        } while page.items.isEmpty && !done
        if page.items.isEmpty {
            if done, let newestRead, newestRead != lastCursor {
                lastCursor = newestRead
                return Page(records: [], cursor: newestRead, requests: requests, warnings: warnings)
            }
            return warnings.isEmpty && requests == 1
                ? nil
                : Page(
                    records: [], cursor: lastCursor ?? Cursor(modifiedAt: nil, key: nil), requests: requests,
                    warnings: warnings)
        }
        var records: [Record] = []
        var refused: [RejectedRecord] = []
        records.reserveCapacity(page.items.count)
        for item in page.items {
            switch mapper!.record(item, place: "page \(pages), ") {
            case .success(let r): records.append(r)
            case .failure(let fault): refused.append(fault.rejected)
            }
        }
        if let newest = records.max(by: {
            ($0.modifiedAt ?? .init(microseconds: .min)) < ($1.modifiedAt ?? .init(microseconds: .min))
        }),
            let modified = newest.modifiedAt
        {
            let cursor = Cursor(modifiedAt: modified, key: newest.key)
            if source.line.ordersByCursor {
                lastCursor = cursor
            } else if newestReadAt.map({ $0 < modified }) ?? true {
                newestRead = modified > readStarted ? Cursor(modifiedAt: readStarted, key: nil) : cursor
                newestReadAt = modified
            }
        }
        if done, !source.line.ordersByCursor, let newestRead { lastCursor = newestRead }
        return Page(
            records: records, cursor: lastCursor ?? Cursor(modifiedAt: nil, key: nil), requests: requests,
            refused: refused, warnings: warnings)
    }

    /// The pager's next token from this answer (which it may trim), and whether the read is done.
    private func advance(_ page: inout IONPage) throws {
        guard !singlePage else {
            done = true
            return
        }
        let place = "\(entity.entity.locator), page \(pages)"
        do { token = try pager.next(after: &page, pageSize: pageSize, place: place) } catch var e as MLCError {
            e.context.entity = entity.entity.name
            throw e
        }
        done = token == nil
    }
}
