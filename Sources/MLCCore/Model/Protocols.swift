/// Reads one entity, page by page. Pull-based, so a slow sink slows the source (flat memory).
public protocol PageReader: AnyObject {
    /// The next page, or nil when the entity is exhausted for this run.
    func next() async throws -> Page?
}

/// A re-read by key: the reader of the current versions and the keys it asks for. A key it cannot ask for
/// (no key, a key that does not split into the entity's key properties) stays parked as it is.
public struct Reread {
    public var reader: any PageReader
    public var keys: Set<String>

    public init(reader: any PageReader, keys: Set<String>) {
        self.reader = reader
        self.keys = keys
    }
}

/// Several readers' pages, one reader after the other (a re-read by key split over requests).
public final class SequentialPages: PageReader {
    private var readers: [any PageReader]

    public init(readers: [any PageReader]) { self.readers = readers }

    public func next() async throws -> Page? {
        while let reader = readers.first {
            if let page = try await reader.next() { return page }
            readers.removeFirst()
        }
        return nil
    }
}

/// The outcome of a connectivity check, one per thing checked.
public struct CheckResult: Sendable, Equatable {
    public var subject: String
    public var ok: Bool
    public var detail: String
    /// What works but deserves attention (a property the tenant lacks): printed, never a failure.
    public var warnings: [String]
    /// The failure without what is particular to this subject: results sharing one are one cause, shown once.
    public var cause: String?
    public init(subject: String, ok: Bool, detail: String, warnings: [String] = [], cause: String? = nil) {
        self.subject = subject
        self.ok = ok
        self.detail = detail
        self.warnings = warnings
        self.cause = cause
    }
}

/// An entity as the live system has it (`mlc discover`): the catalog's fields the system has, the ones it
/// lacks, and what it has beyond the catalog.
public struct DiscoveredEntity: Sendable {
    public var schema: EntitySchema
    /// Where the entity comes from, in the product's words (`IDO SLVendors`).
    public var locator: String
    public var mapped: [String]
    public var missing: [String]
    public var extra: [String]
    /// Why the system could not be asked (then only the catalog is shown).
    public var error: String?

    public init(
        schema: EntitySchema, locator: String, mapped: [String], missing: [String] = [], extra: [String] = [],
        error: String? = nil
    ) {
        self.schema = schema
        self.locator = locator
        self.mapped = mapped
        self.missing = missing
        self.extra = extra
        self.error = error
    }

    public var json: JSON {
        var m: [JSONMember] = [
            JSONMember("entity", .string(schema.name)), JSONMember("locator", .string(locator)),
            JSONMember("mapped", .array(mapped.map(JSON.string))),
            JSONMember("missing", .array(missing.map(JSON.string))),
            JSONMember("extra", .array(extra.map(JSON.string))), JSONMember("schema", schema.json),
        ]
        if let error { m.append(JSONMember("error", .string(error))) }
        return .object(m)
    }
}

/// Where records come from: a product line of an ERP, a synthetic generator, an in-memory fixture.
public protocol Source: AnyObject {
    /// Figures for the run summary beyond records (requests, 429s, rate-limit utilisation).
    func runStatistics(seconds: Double) async -> [(String, String)]
    /// The entities this source was configured to read (catalog defaults merged with manifest overrides).
    var entities: [EntitySchema] { get }
    func check() async -> [CheckResult]
    func read(entity: EntitySchema, from cursor: Cursor?) throws -> PageReader
    /// Called once when the run ends (revoke tokens, close connections).
    func close() async
    /// The entities as the live system has them (a source with a metadata call asks it).
    func discover() async -> [DiscoveredEntity]
    /// The current versions of records by key, for replaying records the source's own data got parked: the
    /// tenant may have fixed them since. Keys the source no longer has are absent from the pages. `nil`: this
    /// source cannot read by key, and the stored copies are replayed.
    func reread(entity: EntitySchema, keys: [String]) throws -> Reread?
}

extension Source {
    public func close() async {}
    public func discover() async -> [DiscoveredEntity] {
        entities.map { DiscoveredEntity(schema: $0, locator: $0.name, mapped: $0.columns.map(\.name)) }
    }
    public func runStatistics(seconds: Double) async -> [(String, String)] { [] }
    public func reread(entity: EntitySchema, keys: [String]) throws -> Reread? { nil }
}

/// A record the sink refused, with the reason. The pipeline parks it in the replay journal.
public struct RejectedRecord: Sendable {
    public var record: Record
    public var reason: String
    public init(record: Record, reason: String) {
        self.record = record
        self.reason = reason
    }
}

/// The sink's acknowledgement of a batch: everything not rejected is durably written.
public struct Ack: Sendable {
    /// Records that changed the warehouse.
    public var written: Int
    /// Records accepted but already there (same or newer version stored): overlap re-reads, replays.
    public var unchanged: Int
    public var rejected: [RejectedRecord]
    public init(written: Int, unchanged: Int = 0, rejected: [RejectedRecord] = []) {
        self.written = written
        self.unchanged = unchanged
        self.rejected = rejected
    }
}

/// Identifies the run a batch belongs to (for sync metadata and audit rows).
public struct RunContext: Sendable {
    public var runID: String
    public var startedAt: Timestamp
    public init(runID: String, startedAt: Timestamp) {
        self.runID = runID
        self.startedAt = startedAt
    }
}

/// Where records go. `write` returns only once the batch is durable; it throws when it could take
/// none of it (the pipeline then parks the whole batch).
public protocol Sink: AnyObject {
    func prepare(_ schema: EntitySchema) async throws
    func write(_ batch: RecordBatch, schema: EntitySchema, run: RunContext) async throws -> Ack
    func check() async -> [CheckResult]
    func close() async
    /// The statements this sink would run for an entity (`mlc plan`).
    func plan(_ schema: EntitySchema) -> [String]
    /// Figures for the run summary (statements, batch fill…).
    func statistics() -> [(String, String)]
    /// Audit rows (`rejected`, with the reason) for records parked before they reached the sink — refused by
    /// the source or a transform — so the audit has a row for every record read.
    func audit(parked: [RejectedRecord], schema: EntitySchema, run: RunContext) async throws
}

extension Sink {
    public func close() async {}
    public func plan(_ schema: EntitySchema) -> [String] { [] }
    public func statistics() -> [(String, String)] { [] }
    public func audit(parked: [RejectedRecord], schema: EntitySchema, run: RunContext) async throws {}
}

/// A stateless, ordered step between source and sink.
public protocol Transform {
    /// The entity it applies to, or nil for every entity.
    var entity: String? { get }
    func transform(schema: EntitySchema) throws -> EntitySchema
    func apply(_ record: inout Record) throws
    /// Whether `apply` can refuse a record (throw). Only then does the pipeline keep each record's source
    /// version aside while transforming it, to park it unchanged. Defaults to true; say false only when
    /// `apply` never throws.
    var mayReject: Bool { get }
}

extension Transform {
    public var mayReject: Bool { true }
}

/// Produces request credentials, renews them before they expire, and is told about a 401.
public protocol Auth: AnyObject {
    /// Headers to add to a request (e.g. `Authorization: Bearer …`). Never logged.
    func headers() async throws -> [(String, String)]
    /// The server answered 401 to a request made with `rejected` (headers from `headers()`): obtain fresh
    /// credentials, unless they were already renewed since (concurrent requests must not stampede).
    func invalidate(rejected: [(String, String)]) async
}
