import MLCCore

/// Every field a transform names must be a field of the entity at that point of the chain: a `mask` or
/// `hash` that matches nothing would let the column land as it came, so it is an error, with a suggestion.
func requireFields(_ names: [String], in schema: EntitySchema, transform: String) throws {
    let known = schema.columns.map(\.name)
    for name in names where !known.contains(name) {
        let suggestion = closest(to: name, in: known).map { "did you mean \"\($0)\"? " } ?? ""
        throw MLCError(
            .transform, "\(transform): entity \(schema.name) has no field \"\(name)\"",
            hint: suggestion + "fields: " + known.joined(separator: ", "))
    }
}
