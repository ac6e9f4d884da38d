import MLCCore
import MLCCrypto

/// Rewrites top-level members of the raw source object, so PII masked in a column does not
/// survive in `_RAW`.
/// Only the named members are parsed and rewritten; the rest of the text is copied as it is, by
/// slicing the original string (member boundaries are ASCII, so no re-validation is needed).
func rewriteRaw(_ raw: String, fields: [[UInt8]], _ change: (JSON) -> JSON) -> String {
    let bytes = Array(raw.utf8)
    guard let members = try? JSONParser.memberRanges(bytes) else { return raw }
    let utf8 = raw.utf8
    func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
    var out = ""
    var copied = 0
    for member in members where fields.contains(where: { sameName($0, bytes[member.key]) }) {
        guard let value = try? JSONParser.parse(bytes, range: member.range) else { continue }
        if copied == 0 { out.reserveCapacity(bytes.count + 64) }
        out += raw[index(copied)..<index(member.range.lowerBound)]
        out += change(value).serialized()
        copied = member.range.upperBound
    }
    if copied == 0 { return raw }
    out += raw[index(copied)...]
    return out
}

/// A raw member's name against a field name, ignoring ASCII case: the tenant may spell a property in another
/// case than the manifest (IDO property names are matched case-insensitively), and PII must not slip through.
func sameName(_ field: [UInt8], _ key: ArraySlice<UInt8>) -> Bool {
    guard field.count == key.count else { return false }
    return zip(field, key).allSatisfy { a, b in
        a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
    }
}

/// The raw object without the named top-level members; the members kept are copied as their original text.
func removeRawMembers(_ raw: String, fields: [[UInt8]]) -> String {
    let bytes = Array(raw.utf8)
    guard let members = try? JSONParser.memberRanges(bytes) else { return raw }
    let kept = members.filter { m in !fields.contains { sameName($0, bytes[m.key]) } }
    guard kept.count < members.count else { return raw }
    // From the key's opening quote to the end of the value.
    return "{"
        + kept.map { String(decoding: bytes[($0.key.lowerBound - 1)..<$0.range.upperBound], as: UTF8.self) }.joined(
            separator: ",") + "}"
}

/// `hash`: replaces values with hex HMAC-SHA256 (keyed by an optional secret salt), in the column and
/// in the raw object; equal inputs stay joinable.
public struct HashTransform: Transform, TransformConnector {
    public static let type = "hash"
    public static let summary =
        "Replace PII with its HMAC-SHA256 (column and raw object): {\"fields\": [\"tax_id\"], \"salt\": {\"env\": …}}"
    public static let fields = [
        entityField, ConfigField("fields", .array, required: true, "fields to hash"),
        ConfigField("salt", .secret, "secret HMAC key; without it a plain SHA-256 is used"),
    ]

    public let entity: String?
    let names: [String]
    let salt: [UInt8]?
    /// The raw-object members to clean, per entity (a canonical column's product field too).
    let rawMembers: RawMembers

    init(entity: String?, names: [String], salt: [UInt8]?) {
        self.entity = entity
        self.names = names
        self.salt = salt
        rawMembers = RawMembers(names)
    }

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        let salt = try config["salt"].flatMap(SecretReference.init(json:)).map {
            try context.secrets.resolve($0, at: "salt")
        }
        return HashTransform(
            entity: config["entity"]?.stringValue,
            names: (config["fields"]?.arrayValue ?? []).compactMap(\.stringValue), salt: salt)
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        try requireFields(names, in: schema, transform: "hash")
        rawMembers.learn(schema)
        var s = schema
        for i in s.columns.indices where names.contains(s.columns[i].name) { s.columns[i].type = .string }
        return s
    }

    func digest(_ text: String) -> String {
        Digest.hex(salt.map { Digest.hmacSHA256(key: $0, data: Array(text.utf8)) } ?? Digest.sha256(text))
    }

    public var mayReject: Bool { false }

    public func apply(_ record: inout Record) throws {
        for n in names { if let t = record.fields[n]?.text { record.fields[n] = .string(digest(t)) } }
        record.raw = rewriteRaw(record.raw, fields: rawMembers.members(of: record.entity)) { v in
            switch v {
            case .null: return .null
            case .string(let s): return .string(digest(s))
            default: return .string(digest(v.serialized()))
            }
        }
    }
}

/// `mask`: keeps the last N characters and masks the rest, in the column and in the raw object.
public struct MaskTransform: Transform, TransformConnector {
    public static let type = "mask"
    public static let summary = "Mask PII, keeping the last N characters: {\"fields\": [\"iban\"], \"keepLast\": 4}"
    public static let fields = [
        entityField, ConfigField("fields", .array, required: true, "fields to mask"),
        ConfigField("keepLast", .int, "characters left visible at the end (default 0)", range: 0...1_000),
    ]

    public let entity: String?
    let names: [String]
    let keepLast: Int
    let rawMembers: RawMembers

    init(entity: String?, names: [String], keepLast: Int) {
        self.entity = entity
        self.names = names
        self.keepLast = keepLast
        rawMembers = RawMembers(names)
    }

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        MaskTransform(
            entity: config["entity"]?.stringValue,
            names: (config["fields"]?.arrayValue ?? []).compactMap(\.stringValue),
            keepLast: max(0, config["keepLast"]?.intValue ?? 0))
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        try requireFields(names, in: schema, transform: "mask")
        rawMembers.learn(schema)
        var s = schema
        for i in s.columns.indices where names.contains(s.columns[i].name) { s.columns[i].type = .string }
        return s
    }

    /// Masks by Unicode scalar (cheaper than grapheme clusters, and exact for IDs and account numbers).
    func mask(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let count = scalars.count
        let keep = min(keepLast, count)
        return String(repeating: "*", count: count - keep) + text[scalars.index(scalars.endIndex, offsetBy: -keep)...]
    }

    public var mayReject: Bool { false }

    public func apply(_ record: inout Record) throws {
        for n in names { if let t = record.fields[n]?.text { record.fields[n] = .string(mask(t)) } }
        record.raw = rewriteRaw(record.raw, fields: rawMembers.members(of: record.entity)) { v in
            if case .null = v { return .null }
            return .string(mask(v.stringValue ?? v.serialized()))
        }
    }
}
