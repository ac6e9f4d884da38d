import MLCCore

/// Reads one entity's IDO page by page with `loadType=NEXT` + `Bookmark`, ordered by (cursor, tie-breaker).
/// The first page asks the tenant's IDO what it has (`/info`, once per IDO per run) and carries the warnings.
final class SyteLineReader: PageReader {
    let source: SyteLineSource
    let mapping: SyteLineSource.Mapping
    let filter: String
    let pageSize: Int
    /// Stop after the first page (`mlc check` sends the run's request with a one-row cap).
    let singlePage: Bool
    private var plan: SyteLineRequestPlan?
    private var bookmark: String?
    private var done = false
    /// The last cursor that carried a modified-at: a page whose records all lack one keeps it.
    private var lastCursor: Cursor?
    private var mapper: SyteLineRecordMapper?
    private var pages = 0
    private var seenBookmarks: Set<String> = []

    init(
        source: SyteLineSource, mapping: SyteLineSource.Mapping, filter: String, pageSize: Int, from cursor: Cursor?,
        singlePage: Bool = false
    ) {
        self.source = source
        self.mapping = mapping
        self.filter = filter
        self.pageSize = pageSize
        self.singlePage = singlePage
        self.lastCursor = cursor
    }

    var entity: SyteLineEntity { mapping.entity }

    /// The load request's query, exactly as a run sends it.
    func query(_ plan: SyteLineRequestPlan) -> [(String, String)] {
        var query: [(String, String)] = [
            ("properties", plan.properties.joined(separator: ",")), ("orderBy", plan.orderBy),
            ("recordCap", String(pageSize)), ("loadType", "NEXT"),
        ]
        if !filter.isEmpty { query.insert(("filter", filter), at: 1) }
        if let bookmark { query.append(("bookmark", bookmark)) }
        return query
    }

    func next() async throws -> Page? {
        guard !done else { return nil }
        var warnings: [String] = []
        if plan == nil {
            let planned = try await source.plan(mapping)
            plan = planned
            warnings = planned.warnings
            mapper = SyteLineRecordMapper(entity: entity, spellings: planned.properties, dates: source.dates)
        }
        pages += 1
        let page = try await source.load(
            entity, query: query(plan!), mongooseConfig: mapping.mongooseConfig, page: pages)
        if page.moreRowsExist, !singlePage, !page.items.isEmpty {
            guard let next = page.bookmark, !next.isEmpty else {
                throw MLCError(
                    .sourceFailed,
                    "IDO \(entity.ido), page \(pages): MoreRowsExist is true but no Bookmark came with it: paging cannot go on",
                    hint:
                        "nothing from this page was loaded; set the entity's \"pageSize\" above the row count, or report it to the tenant",
                    context: .init(entity: entity.name))
            }
            // Any bookmark seen before, not only the last one: a cycle would spend the tenant's quota for ever.
            guard seenBookmarks.insert(next).inserted else {
                throw MLCError(
                    .sourceFailed,
                    "IDO \(entity.ido), page \(pages): the same bookmark came twice: paging makes no progress",
                    hint:
                        "the IDO's custom load method may not support bookmarks; set the entity's \"pageSize\" above the row count, or report it to the tenant",
                    context: .init(entity: entity.name))
            }
        }
        bookmark = page.bookmark
        done = singlePage || !page.moreRowsExist || page.items.isEmpty
        if page.items.isEmpty {
            return warnings.isEmpty
                ? nil : Page(records: [], cursor: lastCursor ?? Cursor(modifiedAt: nil, key: nil), warnings: warnings)
        }
        var records: [Record] = []
        var refused: [RejectedRecord] = []
        records.reserveCapacity(page.items.count)
        for item in page.items {
            switch mapper!.record(item.item, raw: item.raw) {
            case .success(let r) where !item.validUTF8:
                refused.append(
                    RejectedRecord(
                        record: r,
                        reason: "IDO \(entity.ido), page \(pages), record \(r.key): a value is not valid UTF-8 "
                            + "(the text cannot be stored as sent); fix it at the tenant, the replay reads it again"))
            case .success(let r): records.append(r)
            case .failure(let fault): refused.append(fault.rejected)
            }
        }
        // The cursor is the newest modified-at of the page's loadable records; without one it does not move.
        if let newest = records.max(by: {
            ($0.modifiedAt ?? .init(microseconds: .min)) < ($1.modifiedAt ?? .init(microseconds: .min))
        }),
            let modified = newest.modifiedAt
        {
            lastCursor = Cursor(modifiedAt: modified, key: newest.key)
        }
        return Page(
            records: records, cursor: lastCursor ?? Cursor(modifiedAt: nil, key: nil), requests: 1, refused: refused,
            warnings: warnings)
    }
}

/// Turns one IDO item into a record, typed once, here, by the catalog: a value that does not parse is caught
/// with the IDO, the property and the text it had; the record is refused (and parked), never half-typed.
struct SyteLineRecordMapper {
    struct Fault: Error {
        var rejected: RejectedRecord
    }

    let entity: SyteLineEntity
    let dates: SyteLineDates
    let columns: [String]
    let types: [ColumnType]
    /// Member name → column; the tenant's spelling maps to the same column as the catalog's.
    let index: [String: Int]
    let cursorColumn: Int
    let keyColumns: [Int]

    init(entity: SyteLineEntity, spellings: [String], dates: SyteLineDates) {
        self.entity = entity
        self.dates = dates
        columns = entity.requestedProperties
        types = columns.map(entity.type(of:))
        var index = Dictionary(columns.enumerated().map { ($1, $0) }) { a, _ in a }
        for spelled in spellings where index[spelled] == nil {
            if let i = columns.firstIndex(where: { $0.lowercased() == spelled.lowercased() }) { index[spelled] = i }
        }
        self.index = index
        cursorColumn = index[entity.cursor]!
        keyColumns = entity.key.map { index[$0]! }
    }

    func record(_ item: JSON, raw: String) -> Result<Record, Fault> {
        var values = [Value](repeating: .null, count: columns.count)
        var itemID: String?
        var problems: [String] = []
        for member in item.objectValue ?? [] {
            guard let i = index[member.key] else {
                if member.key == "_ItemId" { itemID = member.value.stringValue }
                continue
            }
            let text: String
            switch member.value {
            case .null: continue
            case .string(let s): text = s
            // IDO values arrive as strings; anything else is kept as its JSON text, never dropped.
            default: text = member.value.serialized()
            }
            if i == cursorColumn {
                if let t = dates.instant(text) {
                    values[i] = .timestamp(t)
                } else {
                    problems.append("\(member.key) '\(text)' is not a date-time (cursor)")
                    values[i] = .string(text)
                }
                continue
            }
            if types[i] == .string {
                values[i] = .string(text)
                continue
            }
            do { values[i] = try Value.string(text).cast(to: types[i]) } catch {
                problems.append("\(member.key) '\(text)' is not a \(types[i].rawValue)")
                values[i] = .string(text)
            }
        }
        if values[cursorColumn].isNull, let fallback = itemID.flatMap(dates.itemIDInstant) {
            values[cursorColumn] = .timestamp(fallback)
        }
        let keyParts = keyColumns.map { values[$0].text ?? "" }
        let key = keyParts.joined(separator: "|")
        var modified: Timestamp?
        if case .timestamp(let t) = values[cursorColumn] {
            modified = t
        } else if problems.isEmpty {
            problems.append("\(entity.cursor) is missing (and _ItemId carries no date)")
        }
        if item.objectValue == nil { problems.append("the item is not an object") }
        for (i, part) in keyParts.enumerated() where part.isEmpty {
            problems.append("key property \(entity.key[i]) is missing or empty")
        }
        let record = Record(
            entity: entity.name, key: key, modifiedAt: modified, fields: Fields(unique: columns, values), raw: raw)
        guard problems.isEmpty else {
            return .failure(
                Fault(
                    rejected: RejectedRecord(
                        record: record,
                        reason: "IDO \(entity.ido), record \(key.isEmpty ? "without key" : key): "
                            + problems.joined(separator: "; "))))
        }
        return .success(record)
    }
}
