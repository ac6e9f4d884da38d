import MLCCore

/// One canonical entity's rows, the sandbox's truth: canonical column → text or null, plus `modified_at`
/// (stored in the sortable SQL form), `row_id` (a GUID, SyteLine's RowPointer) and `x_…` members a product
/// line has beyond the canonical schema. Every product line's view reads these rows.
final class CanonicalTable {
    let entity: String
    var rows: [[String: String?]] = []
    let make: @Sendable (Int) -> [String: String?]

    init(entity: String, make: @escaping @Sendable (Int) -> [String: String?]) {
        self.entity = entity
        self.make = make
    }
}
