import MLCCore

/// A product line's default entities and the per-entity overrides a manifest may give: where it reads
/// from (the line's locator fields), the fields, key, cursor, filter, page size and column types. Overrides
/// are validated here, once for every line: a key must name a field, a field is listed once, a type exists.
public struct IONCatalog: Sendable {
    public let entities: [IONEntity]
    /// The manifest member listing an entity's fields (`properties` for an IDO).
    public let fieldsName: String
    public let fieldWord: String
    /// The line's locator overrides (`ido`; `program` + `transaction` …) with their descriptions.
    public let locatorFields: [ConfigField]
    let locate: @Sendable (IONLocator, JSON) -> IONLocator

    public init(
        entities: [IONEntity], fieldsName: String = "fields", fieldWord: String = "field",
        locatorFields: [ConfigField], locate: @escaping @Sendable (IONLocator, JSON) -> IONLocator
    ) {
        self.entities = entities
        self.fieldsName = fieldsName
        self.fieldWord = fieldWord
        self.locatorFields = locatorFields
        self.locate = locate
    }

    /// The settings an entity entry may override.
    public var entityFields: [ConfigField] {
        locatorFields + [
            ConfigField(
                fieldsName, .array,
                "\(fieldWord)s to read (become columns), sent as written plus key and cursor; default: the catalog's, less those the tenant lacks"
            ),
            ConfigField("key", .array, "key \(fieldWord)s"),
            ConfigField("cursor", .string, "the modified-date \(fieldWord)"),
            ConfigField("filter", .string, "an extra filter in the product's language, ANDed with the incremental one"),
            ConfigField("pageSize", .int, "rows per request for this entity", range: 1...10_000),
            ConfigField("types", .object, "column types of \(fieldWord)s: {\"Amount\": \"decimal\"}"),
        ]
    }

    /// The catalog entry with the manifest's overrides applied; nil for an entity the catalog lacks.
    public func resolve(_ request: EntityRequest) -> IONEntity? {
        guard var entity = entities.first(where: { $0.name == request.name }) else { return nil }
        let o = request.options
        entity.locator = locate(entity.locator, o)
        if let listed = o[fieldsName]?.arrayValue?.compactMap(\.stringValue), !listed.isEmpty {
            entity.fields = listed
            entity.listedFields = Set(listed)
        }
        if let key = o["key"]?.arrayValue?.compactMap(\.stringValue), !key.isEmpty {
            entity.key = key
            entity.declaresProductKey = true
        }
        if let cursor = o["cursor"]?.stringValue { entity.cursor = cursor }
        for m in o["types"]?.objectValue ?? [] {
            if let t = m.value.stringValue.flatMap(ColumnType.init(rawValue:)) { entity.types[m.key] = t }
        }
        return entity
    }

    /// Problems of the manifest's `entities` entries beyond their keys' names (which `FieldValidator` checks).
    public func validate(_ config: JSON, at path: String) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        for (i, entry) in (config["entities"]?.arrayValue ?? []).enumerated() {
            let at = "\(path).entities[\(i)]"
            var seen: Set<String> = []
            let listed = (entry[fieldsName]?.arrayValue ?? []).compactMap(\.stringValue)
            // Each field becomes one column: a repeated one would be two columns of one name.
            for name in listed where !seen.insert(name).inserted {
                issues.append(
                    ManifestIssue(
                        "\(at).\(fieldsName)", "\(fieldWord) \"\(name)\" is listed twice",
                        hint: "list each \(fieldWord) once"))
            }
            issues += keyIssues(entry, listed: listed, at: "\(at).key")
            issues += typeIssues(entry, at: "\(at).types")
        }
        return issues
    }

    /// A key names fields of the entity (the catalog's or the listed ones): a key the product never answers
    /// would leave every record keyless, so each is refused at `validate`, not parked record by record.
    func keyIssues(_ entry: JSON, listed: [String], at path: String) -> [ManifestIssue] {
        guard let key = entry["key"] else { return [] }
        guard let names = key.arrayValue, !names.isEmpty else {
            return [
                ManifestIssue(
                    path, "expected a non-empty array of \(fieldWord) names, found \(key.serialized())",
                    hint: "e.g. [\"\(entities.first?.key.first ?? "Id")\"]")
            ]
        }
        let known = Set(listed + (entities.first { $0.name == entry["name"]?.stringValue }?.requestedFields ?? []))
        return names.enumerated().compactMap { j, name in
            guard let text = name.stringValue, !text.isEmpty else {
                return ManifestIssue("\(path)[\(j)]", "expected a \(fieldWord) name, found \(name.serialized())")
            }
            guard !known.contains(text) else { return nil }
            let suggestion = closest(to: text, in: Array(known).sorted()).map { "did you mean \"\($0)\"? " } ?? ""
            return ManifestIssue(
                "\(path)[\(j)]", "key \(fieldWord) \"\(text)\" is not a \(fieldWord) of the entity",
                hint: suggestion
                    + "a key \(fieldWord) must be in the catalog's \(fieldsName) or in the entity's \"\(fieldsName)\" list"
            )
        }
    }

    /// Each `types` value names a column type; an unknown one would silently leave the column as text.
    func typeIssues(_ entry: JSON, at path: String) -> [ManifestIssue] {
        let names = ColumnType.allCases.map(\.rawValue)
        return (entry["types"]?.objectValue ?? []).compactMap { member in
            guard let text = member.value.stringValue, names.contains(text) else {
                let suggestion =
                    member.value.stringValue.flatMap { closest(to: $0, in: names) }.map { "did you mean \"\($0)\"? " }
                    ?? ""
                return ManifestIssue(
                    "\(path).\(member.key)", "expected a column type, found \(member.value.serialized())",
                    hint: suggestion + "types: " + names.joined(separator: ", "))
            }
            return nil
        }
    }
}
