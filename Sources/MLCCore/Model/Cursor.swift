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
