import MLCCore

/// A source over records held in memory, ordered by (modified-at, key), paged like a real API.
/// Other targets' tests use it to drive the pipeline without an ERP.
public final class InMemorySource: Source, @unchecked Sendable {
    public let entities: [EntitySchema]
    public var records: [String: [Record]]
    public let pageSize: Int
    /// Throws this error when asked for the page after `failAfterPages` pages (once).
    public var failure: (afterPages: Int, error: Error)?
    public private(set) var pagesServed = 0

    public init(entities: [EntitySchema], records: [String: [Record]], pageSize: Int = 10) {
        self.entities = entities
        self.records = records.mapValues {
            $0.sorted {
                ($0.modifiedAt ?? Timestamp(microseconds: 0), $0.key) < (
                    $1.modifiedAt ?? Timestamp(microseconds: 0), $1.key
                )
            }
        }
        self.pageSize = pageSize
    }

    public func check() async -> [CheckResult] {
        entities.map { CheckResult(subject: $0.name, ok: true, detail: "in memory") }
    }

    public func read(entity: EntitySchema, from cursor: Cursor?) throws -> PageReader {
        let all = records[entity.name] ?? []
        let start: [Record]
        if let cursor, let m = cursor.modifiedTimestamp {
            let key = cursor.key ?? ""
            start = all.filter { r in
                let rm = r.modifiedAt ?? Timestamp(microseconds: 0)
                return rm > m || (rm == m && r.key > key)
            }
        } else {
            start = all
        }
        return Reader(records: start, pageSize: pageSize, owner: self)
    }

    final class Reader: PageReader {
        var remaining: ArraySlice<Record>
        let pageSize: Int
        let owner: InMemorySource

        init(records: [Record], pageSize: Int, owner: InMemorySource) {
            remaining = records[...]
            self.pageSize = pageSize
            self.owner = owner
        }

        func next() async throws -> Page? {
            if let f = owner.failure, owner.pagesServed >= f.afterPages {
                owner.failure = nil
                throw f.error
            }
            guard !remaining.isEmpty else { return nil }
            let page = Array(remaining.prefix(pageSize))
            remaining = remaining.dropFirst(page.count)
            owner.pagesServed += 1
            let last = page[page.count - 1]
            return Page(records: page, cursor: Cursor(modifiedAt: last.modifiedAt, key: last.key), requests: 1)
        }
    }
}

/// Builds simple records for tests: `id`, `name`, `amount`, `modified_at`.
public enum Fixtures {
    public static let schema = EntitySchema(
        name: "items",
        columns: [
            .init("id", .string), .init("name", .string), .init("amount", .decimal), .init("modified_at", .timestamp),
        ], primaryKey: ["id"], cursorField: "modified_at")

    public static func record(_ i: Int, entity: String = "items", modified: Int64? = nil, name: String? = nil) -> Record
    {
        let id = "K" + String(repeating: "0", count: max(0, 5 - String(i).count)) + String(i)
        let m = Timestamp(seconds: 1_700_000_000 + (modified ?? Int64(i / 2)))
        let fields: Fields = [
            "id": .string(id), "name": .string(name ?? "Name \(i)"), "amount": .decimal("\(i).50"),
            "modified_at": .timestamp(m),
        ]
        let raw = JSON.object([
            JSONMember("id", .string(id)), JSONMember("name", .string(name ?? "Name \(i)")),
            JSONMember("amount", .number("\(i).50")), JSONMember("modified_at", .string(m.iso8601)),
        ]).serialized()
        return Record(entity: entity, key: id, modifiedAt: m, fields: fields, raw: raw)
    }
}
