import MLCCore

/// What an entity asks for in this run, after comparing the catalog with what the tenant's entity has (its
/// metadata call): fields that exist are requested in the tenant's spelling; a missing one is a warning (its
/// column stays null). A missing cursor field reads the entity in full every run, with a warning; only a missing
/// key field fails the entity (its rows could not be told apart). A missing tie-breaker orders pages by the key
/// instead. An explicit manifest list, or a product without a metadata call, is sent as written.
public struct IONRequestPlan {
    public var fields: [String]
    public var order: [String]
    public var missing: [String] = []
    public var extra: [String] = []
    public var warnings: [String] = []
    /// The tenant's entity lacks the cursor field: no incremental filter, no cursor, every row read each run.
    public var readsInFull = false

    /// The catalog's request unchecked.
    public init(entity: IONEntity, warnings: [String] = []) {
        fields = entity.requestedFields
        order = [entity.cursor].compactMap { $0 } + (entity.tieBreaker.isEmpty ? entity.key : entity.tieBreaker)
        self.warnings = warnings
    }

    public init(
        entity: IONEntity, tenantFields: [String], fieldWord: String = "field", locatorSetting: String = "its source"
    ) throws {
        func spelling(_ name: String) -> String? {
            tenantFields.first { $0 == name } ?? tenantFields.first { $0.lowercased() == name.lowercased() }
        }
        fields = []
        var tieBreaker = entity.tieBreaker.isEmpty ? entity.key : entity.tieBreaker
        for name in entity.requestedFields {
            if let spelled = spelling(name) {
                fields.append(spelled)
                continue
            }
            if entity.key.contains(name) {
                throw MLCError(
                    .sourceFailed, "\(entity.locator) has no \(fieldWord) \(name), the entity's key",
                    hint:
                        "set the entity's \"key\" to \(fieldWord)s it has (`mlc discover` lists them), or \(locatorSetting)",
                    context: .init(entity: entity.name))
            }
            if name == entity.cursor {
                // Loading every row beats loading none: the warehouse leaves a row that did not change alone.
                readsInFull = true
                missing.append(name)
                warnings.append(
                    "\(entity.locator) has no \(fieldWord) \(name), the entity's cursor: it is read in full every run "
                        + "(rows that did not change stay as they are in the warehouse); set the entity's \"cursor\" to a "
                        + "\(fieldWord) it has (`mlc discover` lists them) to read only the changes")
                continue
            }
            if entity.tieBreaker.contains(name) { tieBreaker = entity.key } else { missing.append(name) }
        }
        order = ((readsInFull ? [] : [entity.cursor].compactMap { $0 }) + tieBreaker).map { spelling($0) ?? $0 }
        let requested = Set(fields.map { $0.lowercased() })
        extra = tenantFields.filter { !requested.contains($0.lowercased()) }
        let lacking = missing.filter { $0 != entity.cursor }
        if !lacking.isEmpty {
            let one = lacking.count == 1
            warnings.append(
                "\(entity.locator) has no \(lacking.joined(separator: ", ")): \(one ? "its column stays" : "their columns stay") null "
                    + "(this tenant's release or customisation lacks \(one ? "it" : "them"); `mlc discover` shows what it has)"
            )
        }
        if !entity.tieBreaker.isEmpty, tieBreaker == entity.key {
            warnings.append(
                "\(entity.locator) has no \(entity.tieBreaker.joined(separator: ", ")): pages are ordered by \(readsInFull ? "the key" : "\(entity.cursor ?? "the key") and the key") instead"
            )
        }
    }
}
