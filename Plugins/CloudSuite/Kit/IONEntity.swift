import MLCCore

/// A catalog entity of a product line: where it lives, the native fields it reads, its key and cursor, the
/// types of fields that are not text, and how it fills its canonical entity. Manifests override any part.
public struct IONEntity: Sendable {
    public var name: String
    public var description: String
    public var locator: IONLocator
    /// Native fields read (and the native columns), in the catalog's spelling.
    public var fields: [String]
    public var key: [String]
    /// The modified-at field the incremental filter and the cursor use; nil for an entity the product offers
    /// no change stamp for: it is read in full each run, and the warehouse keeps unchanged rows unchanged.
    public var cursor: String?
    /// Fields that make the page order total after the cursor (SyteLine's RowPointer); the key when absent.
    public var tieBreaker: [String]
    /// Types of fields that are not text; the cursor is always a timestamp.
    public var types: [String: ColumnType]
    public var canonical: CanonicalMap
    /// The schema declares the entity's own key, not the canonical one: the manifest set it, or the canonical key
    /// is not unique in this product (M3's voucher numbers repeat across divisions and years).
    public var declaresProductKey = false
    /// Fields the manifest listed: kept as columns in canonical names too, when no canonical column takes them.
    public var listedFields: Set<String> = []
    /// Key fields whose empty text is a value of its own, not a missing key (SX.e's bill-to, whose ship-to is "").
    public var emptyKeyFields: Set<String> = []

    public init(
        name: String, description: String, locator: IONLocator, fields: [String], key: [String], cursor: String?,
        tieBreaker: [String] = [], types: [String: ColumnType] = [:], canonical: CanonicalMap
    ) {
        self.name = name
        self.description = description
        self.locator = locator
        self.fields = fields
        self.key = key
        self.cursor = cursor
        self.tieBreaker = tieBreaker
        self.types = types
        self.canonical = canonical
    }

    /// In canonical names a company from the settings leads the record key (`SITE1|V0000001`), so pipelines of
    /// several sites can share one table; a company read from a field is part of the product's key already.
    public func keyPrefix(_ mode: ColumnsMode, company: String) -> String? {
        guard mode != .native, !company.isEmpty,
            canonical.assignments.contains(where: { $0.column == "company" && $0.origin == .company })
        else { return nil }
        return company
    }

    public func type(of field: String) -> ColumnType { field == cursor ? .timestamp : types[field] ?? .string }

    /// Every field asked for: the listed ones plus key, cursor and tie-breaker, whatever the list says (rows
    /// must never collapse under an empty key, and the cursor must always be read).
    public var requestedFields: [String] {
        var out = fields
        for extra in key + [cursor].compactMap({ $0 }) + tieBreaker where !out.contains(extra) { out.append(extra) }
        return out
    }

    /// The table as the warehouse gets it, in the chosen column names. In canonical names the key is the
    /// canonical one (the company first, so one table can hold several companies' rows) when the line fills it.
    public func schema(_ mode: ColumnsMode) -> EntitySchema {
        let layout = OutputColumns(self, mode: mode)
        var primaryKey = key.map(layout.name(ofField:))
        if mode != .native {
            if !declaresProductKey, let canonicalKey = CanonicalSchema.entity(named: canonical.kind)?.key,
                canonicalKey.allSatisfy(layout.fills)
            {
                primaryKey = canonicalKey
            } else if layout.fills("company"), !primaryKey.contains("company") {
                primaryKey.insert("company", at: 0)
            }
        }
        return EntitySchema(
            name: name, description: "\(description) (\(locator))",
            columns: layout.names.indices.map { i in
                EntitySchema.Column(
                    layout.names[i], layout.types[i], layout.meaning[layout.names[i]] ?? "", source: layout.source(i))
            },
            primaryKey: primaryKey, cursorField: cursor.map(layout.name(ofField:)))
    }
}
