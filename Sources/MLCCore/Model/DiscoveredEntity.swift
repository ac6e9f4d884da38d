/// An entity as the live system has it (`mlc discover`): the catalog's fields the system has, the ones it
/// lacks, and what it has beyond the catalog.
public struct DiscoveredEntity: Sendable {
    public var schema: EntitySchema
    /// Where the entity comes from, in the product's words (`IDO SLVendors`).
    public var locator: String
    public var mapped: [String]
    public var missing: [String]
    public var extra: [String]
    /// Why the system could not be asked (then only the catalog is shown).
    public var error: String?

    public init(
        schema: EntitySchema, locator: String, mapped: [String], missing: [String] = [], extra: [String] = [],
        error: String? = nil
    ) {
        self.schema = schema
        self.locator = locator
        self.mapped = mapped
        self.missing = missing
        self.extra = extra
        self.error = error
    }

    public var json: JSON {
        var m: [JSONMember] = [
            JSONMember("entity", .string(schema.name)), JSONMember("locator", .string(locator)),
            JSONMember("mapped", .array(mapped.map(JSON.string))),
            JSONMember("missing", .array(missing.map(JSON.string))),
            JSONMember("extra", .array(extra.map(JSON.string))), JSONMember("schema", schema.json),
        ]
        if let error { m.append(JSONMember("error", .string(error))) }
        return .object(m)
    }
}
