/// One row from a source: its key, its modified-at, typed fields, and the raw source object
/// (kept as JSON text so nothing the ERP sent is lost, custom fields included).
public struct Record: Sendable, Equatable {
    public var entity: String
    public var key: String
    public var modifiedAt: Timestamp?
    public var fields: Fields
    public var raw: String

    public init(entity: String, key: String, modifiedAt: Timestamp?, fields: Fields, raw: String) {
        self.entity = entity
        self.key = key
        self.modifiedAt = modifiedAt
        self.fields = fields
        self.raw = raw
    }

    /// An estimate of the record's size once loaded, used to size batches in bytes.
    /// Typed fields mostly repeat the raw object, so twice its size is close and costs nothing to compute.
    public var approximateBytes: Int { 2 * raw.utf8.count + key.utf8.count + 16 * fields.count }
}

/// Records of one entity travelling together from transforms to the sink.
public struct RecordBatch: Sendable {
    public var entity: String
    public var records: [Record]

    public init(entity: String, records: [Record]) {
        self.entity = entity
        self.records = records
    }
    public var count: Int { records.count }
}

/// Where an entity's incremental read resumes: the last acknowledged (modified-at, key) pair,
/// plus connector-specific state (a bookmark, a from-key) as text.
public struct Cursor: Codable, Equatable, Sendable {
    public var modifiedAt: String?
    public var key: String?
    public var extra: [String: String]?

    public init(modifiedAt: Timestamp?, key: String?, extra: [String: String]? = nil) {
        self.modifiedAt = modifiedAt?.iso8601
        self.key = key
        self.extra = extra
    }

    public var modifiedTimestamp: Timestamp? { modifiedAt.flatMap(Timestamp.init(parsing:)) }

    public var json: JSON {
        var members: [JSONMember] = []
        if let m = modifiedAt { members.append(JSONMember("modifiedAt", .string(m))) }
        if let k = key { members.append(JSONMember("key", .string(k))) }
        if let e = extra, !e.isEmpty {
            members.append(
                JSONMember("extra", .object(e.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }))
            )
        }
        return .object(members)
    }

    public init(json: JSON) {
        modifiedAt = json["modifiedAt"]?.stringValue
        key = json["key"]?.stringValue
        extra = json["extra"]?.objectValue.map {
            Dictionary(uniqueKeysWithValues: $0.compactMap { m in m.value.stringValue.map { (m.key, $0) } })
        }
    }
}

/// One page from a source, and the cursor that is safe to store once every record of it is acknowledged.
public struct Page: Sendable {
    public var records: [Record]
    public var cursor: Cursor
    /// Requests the source spent on this page (for the run summary).
    public var requests: Int
    /// Records the source read but could not type (a value that does not parse, a missing key): the
    /// pipeline parks them with the reason, so they are never written and never lost.
    public var refused: [RejectedRecord]
    /// What the run summary and `mlc check` should say without failing the entity (a property the
    /// tenant lacks, for example). Usually only the first page carries any.
    public var warnings: [String]

    public init(
        records: [Record], cursor: Cursor, requests: Int = 0, refused: [RejectedRecord] = [], warnings: [String] = []
    ) {
        self.records = records
        self.cursor = cursor
        self.requests = requests
        self.refused = refused
        self.warnings = warnings
    }
}
