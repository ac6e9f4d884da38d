import MLCCore

/// Turns one item into a record, typed once, here, by the catalog: a value that does not parse is caught with
/// the resource, the field and the text it had, and the record is refused (and parked), never half-typed.
/// The key is joined once, the cursor parsed once, the raw text kept as sent; the columns come out in the
/// layout the `columns` setting chose.
struct IONRecordMapper {
    struct Fault: Error {
        var rejected: RejectedRecord
    }

    let entity: IONEntity
    let line: any IONProductLine
    let window: IncrementalWindow
    let fields: [String]
    let types: [ColumnType]
    /// Member name → field; the tenant's spelling maps to the same field as the catalog's.
    let index: [String: Int]
    /// nil: the entity has no change stamp (its records carry no modified-at).
    let cursorField: Int?
    let keyFields: [Int]
    let layout: OutputColumns
    /// The layout is the native fields in order: the typed values are the record's as they are.
    let identity: Bool
    let company: Value
    let trim: Bool
    let blankIsNull: Bool
    /// Field indices whose "" stays "" (`IONEntity.emptyKeyFields`).
    let emptyAllowed: Set<Int>
    /// Leads the record key (`SITE1|…`) in canonical names; see `IONEntity.keyPrefix`.
    let keyPrefix: String?

    init(
        entity: IONEntity, spellings: [String], line: any IONProductLine, window: IncrementalWindow,
        columns: ColumnsMode, company: String
    ) {
        self.entity = entity
        self.line = line
        self.window = window
        fields = entity.requestedFields
        types = fields.map(entity.type(of:))
        var index = Dictionary(fields.enumerated().map { ($1, $0) }) { a, _ in a }
        for spelled in spellings where index[spelled] == nil {
            if let i = fields.firstIndex(where: { $0.lowercased() == spelled.lowercased() }) { index[spelled] = i }
        }
        self.index = index
        cursorField = entity.cursor.map { index[$0]! }
        keyFields = entity.key.map { index[$0]! }
        layout = OutputColumns(entity, mode: columns)
        identity = layout.slots == fields.indices.map { .field($0) } && layout.types == types
        self.company = company.isEmpty ? .null : .string(company)
        trim = line.trimsTrailingSpaces
        blankIsNull = line.blankIsNull
        emptyAllowed = Set(entity.emptyKeyFields.compactMap { index[$0] })
        keyPrefix = entity.keyPrefix(columns, company: company)
    }

    func record(_ item: IONItem, place: String) -> Result<Record, Fault> {
        var values = [Value](repeating: .null, count: fields.count)
        var problems: [String] = []
        let members = item.json.objectValue ?? []
        for member in members {
            guard let i = index[member.key] else { continue }
            let text: String
            switch member.value {
            case .null: continue
            case .string(let s):
                text = trim && (s.utf8.last == 0x20 || s.isEmpty) ? Self.trimmingTrailingSpaces(s) : s
                if blankIsNull && text.isEmpty && !emptyAllowed.contains(i) { continue }
                // An empty amount, count or date is no value, not a malformed one: null in its column, "" in `_raw`.
                // An empty cursor is no date either: the line's fallback (SyteLine's `_ItemId`) may supply one.
                if text.isEmpty && (types[i] != .string || i == cursorField) { continue }
            // Values arrive as strings in most products; anything else is kept as its JSON text, never dropped.
            default: text = member.value.serialized()
            }
            if i == cursorField {
                if let t = window.instant(text) {
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
        if let cursorField, values[cursorField].isNull {
            for member in members {
                if let t = line.cursorFallback(member: member.key, value: member.value, window: window) {
                    values[cursorField] = .timestamp(t)
                    break
                }
            }
        }
        let keyParts = keyFields.map { values[$0].text ?? "" }
        let key = (keyPrefix.map { $0 + "|" } ?? "") + keyParts.joined(separator: "|")
        var modified: Timestamp?
        if let cursorField, case .timestamp(let t) = values[cursorField] {
            modified = t
        } else if let cursor = entity.cursor, problems.isEmpty {
            problems.append(
                "\(cursor) is missing" + (line.cursorFallbackName.map { " (and \($0) carries no date)" } ?? ""))
        }
        if item.json.objectValue == nil { problems.append("the item is not an object") }
        if let problem = item.problem { problems.insert(problem, at: 0) }
        for (i, part) in keyParts.enumerated() where part.isEmpty && !emptyAllowed.contains(keyFields[i]) {
            problems.append("key \(line.fieldWord) \(entity.key[i]) is missing or empty")
        }
        let record = Record(
            entity: entity.name, key: key, modifiedAt: modified,
            fields: Fields(unique: layout.names, identity ? values : project(values, &problems)), raw: item.raw)
        if !item.validUTF8 && problems.isEmpty {
            problems.append(
                "a value is not valid UTF-8 (the text cannot be stored as sent); fix it at the tenant, the replay reads it again"
            )
        }
        guard problems.isEmpty else {
            let subject = "\(entity.locator), \(place)record \(key.isEmpty ? "without key" : key)"
            return .failure(
                Fault(
                    rejected: RejectedRecord(record: record, reason: subject + ": " + problems.joined(separator: "; ")))
            )
        }
        return .success(record)
    }

    static func trimmingTrailingSpaces(_ s: String) -> String {
        String(s.utf8.prefix(s.utf8.count - s.utf8.reversed().prefix { $0 == 0x20 }.count))!
    }

    /// The native values placed in the layout's columns, cast where a canonical column's type differs.
    private func project(_ values: [Value], _ problems: inout [String]) -> [Value] {
        layout.slots.enumerated().map { o, slot in
            switch slot {
            case .null: return .null
            case .company: return company
            case .constant(let text): return .string(text)
            case .part(let i, let separator, let index):
                guard let text = values[i].text else { return .null }
                let parts = text.split(separator: separator, omittingEmptySubsequences: false)
                // A composite of another layout would fill the columns shifted: refused, never loaded so.
                guard index < parts.count else {
                    problems.append(
                        "\(fields[i]) '\(text)' has \(parts.count) part(s) split at \"\(separator)\", not the \(index + 1) or more its columns need"
                    )
                    return .null
                }
                guard !parts[index].isEmpty else { return .null }
                do { return try Value.string(String(parts[index])).cast(to: layout.types[o]) } catch {
                    problems.append(
                        "part \(index + 1) of \(fields[i]) '\(parts[index])' is not a \(layout.types[o].rawValue)")
                    return .null
                }
            case .field(let i):
                guard layout.types[o] != types[i], !values[i].isNull else { return values[i] }
                do { return try values[i].cast(to: layout.types[o]) } catch {
                    problems.append("\(fields[i]) '\(values[i].text ?? "")' is not a \(layout.types[o].rawValue)")
                    return .null
                }
            }
        }
    }
}
