import MLCCore

/// The warehouse columns of an entity in one `ColumnsMode`, and where each takes its value: a native field,
/// a constant or the company. Computed once per entity, so mapping a record is an index copy.
struct OutputColumns {
    enum Slot: Equatable {
        case field(Int)
        /// Part `index` of field `Int` split at the separator.
        case part(Int, separator: String, index: Int)
        case constant(String)
        case company
        /// A canonical column this line cannot fill: present and null, so tables of every line have one shape.
        case null
    }

    var names: [String] = []
    var types: [ColumnType] = []
    var slots: [Slot] = []
    /// Canonical columns' meanings, for `mlc spec`.
    var meaning: [String: String] = [:]
    /// Native field → its column name in this layout (for key and cursor).
    private var fieldColumn: [String: String] = [:]
    private var fieldNames: [String] = []
    /// Composite fields some canonical column takes a part of.
    private var partFields: Set<String> = []

    init(_ entity: IONEntity, mode: ColumnsMode) {
        let fields = entity.requestedFields
        fieldNames = fields
        let canonical = CanonicalSchema.entity(named: entity.canonical.kind)
        if mode != .native, let canonical {
            for column in canonical.columns {
                var assignment = entity.canonical.assignments.first { $0.column == column.name }
                // The modified-at is whatever the entity's cursor is (a manifest may move it to another field).
                if column.name == "modified_at", let cursor = entity.cursor {
                    assignment = CanonicalMap.Assignment(column: column.name, origin: .field(cursor))
                }
                guard let assignment else {
                    append(column.name, column.type, .null, meaning: column.meaning + " (not filled: null)")
                    continue
                }
                switch assignment.origin {
                case .field(let field):
                    guard let i = fields.firstIndex(of: field) else {
                        append(
                            column.name, column.type, .null,
                            meaning: column.meaning + " (not filled: \(field) is not read)")
                        continue
                    }
                    append(column.name, column.type, .field(i), meaning: column.meaning + " (from \(field))")
                    fieldColumn[field] = column.name
                case .part(let field, let separator, let index):
                    guard let i = fields.firstIndex(of: field) else {
                        append(
                            column.name, column.type, .null,
                            meaning: column.meaning + " (not filled: \(field) is not read)")
                        continue
                    }
                    append(
                        column.name, column.type, .part(i, separator: separator, index: index),
                        meaning: column.meaning + " (part \(index + 1) of \(field), split at \"\(separator)\")")
                    partFields.insert(field)
                case .constant(let value):
                    append(
                        column.name, column.type, .constant(value), meaning: column.meaning + " (always \"\(value)\")")
                case .company:
                    append(column.name, column.type, .company, meaning: column.meaning + " (the company setting)")
                }
            }
        }
        let taken = Set(names.map { $0.uppercased() })
        for (i, field) in fields.enumerated() {
            let mapped = fieldColumn[field] != nil
            // Canonical mode keeps only the fields no canonical column holds that the table cannot do without.
            // A composite field is kept whole too: its parts are columns, the field itself is what the product sent.
            let needed =
                entity.key.contains(field) || field == entity.cursor || entity.listedFields.contains(field)
                || partFields.contains(field)
            if mode == .canonical && (mapped || !needed) { continue }
            // Warehouses fold quoted names to upper case: a native `Name` beside canonical `name` is `Name_native`.
            let name = taken.contains(field.uppercased()) ? field + "_native" : field
            append(name, entity.type(of: field), .field(i))
            if !mapped { fieldColumn[field] = name }
        }
    }

    private mutating func append(_ name: String, _ type: ColumnType, _ slot: Slot, meaning: String? = nil) {
        names.append(name)
        types.append(type)
        slots.append(slot)
        if let meaning { self.meaning[name] = meaning }
    }

    func name(ofField field: String) -> String { fieldColumn[field] ?? field }

    /// The native field column `i` is read from, when its name differs.
    func source(_ i: Int) -> String? {
        guard case .field(let f) = slots[i], fieldNames[f] != names[i] else { return nil }
        return fieldNames[f]
    }

    /// Whether the layout has the column and something fills it.
    func fills(_ column: String) -> Bool { names.firstIndex(of: column).map { slots[$0] != .null } ?? false }
}
