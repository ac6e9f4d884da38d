import MLCCore

/// The `synthetic` source: generated invoice-like data for first runs, demos, benchmarks and tests.
public struct SyntheticConnector: SourceConnector {
    public static let type = "synthetic"
    public static let summary = "Deterministic invoice-like data (suppliers, AP invoices, GL accounts) — no ERP needed"
    public static let fields: [ConfigField] = [
        ConfigField("seed", .int, "random seed; the same seed gives the same data (default 1)"),
        ConfigField("size", .object, "records per entity, e.g. {\"ap_invoices\": 100000} (default 1000 each)"),
        ConfigField("pageSize", .int, "records per page (default 500)", range: 1...100_000),
    ]
    public static let entityFields: [ConfigField] = [
        ConfigField("size", .int, "records of this entity (overrides source.size)", range: 0...1_000_000_000)
    ]

    public static let catalog: [EntitySchema] = [
        EntitySchema(
            name: "ap_invoices", description: "AP invoices (supplier invoices / vouchers)",
            columns: [
                .init("invoice_id", .string), .init("supplier_id", .string), .init("supplier_name", .string),
                .init("invoice_number", .string), .init("invoice_date", .date), .init("currency", .string),
                .init("amount", .decimal), .init("tax_amount", .decimal), .init("status", .string),
                .init("po_number", .string),
                .init("gl_account", .string), .init("tax_id", .string), .init("line_count", .int),
                .init("description", .string),
                .init("modified_at", .timestamp),
            ], primaryKey: ["invoice_id"], cursorField: "modified_at"),
        EntitySchema(
            name: "suppliers", description: "Suppliers / vendors",
            columns: [
                .init("supplier_id", .string), .init("name", .string), .init("currency", .string),
                .init("payment_terms", .string),
                .init("tax_id", .string), .init("email", .string), .init("active", .bool),
                .init("modified_at", .timestamp),
            ], primaryKey: ["supplier_id"], cursorField: "modified_at"),
        EntitySchema(
            name: "gl_accounts", description: "GL accounts with their account strings",
            columns: [
                .init("account_id", .string), .init("account", .string), .init("description", .string),
                .init("type", .string),
                .init("modified_at", .timestamp),
            ], primaryKey: ["account_id"], cursorField: "modified_at"),
    ]

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        if let p = config["pageSize"]?.intValue, !(1...100_000).contains(p) {
            issues.append(ManifestIssue("\(path).pageSize", "expected 1…100000, found \(p)"))
        }
        for m in config["size"]?.objectValue ?? [] {
            if !catalog.contains(where: { $0.name == m.key }) {
                issues.append(
                    ManifestIssue(
                        "\(path).size.\(m.key)", "unknown entity \"\(m.key)\"",
                        hint: "synthetic offers: \(catalog.map(\.name).joined(separator: ", "))"))
            } else if (m.value.intValue ?? -1) < 0 {
                issues.append(
                    ManifestIssue("\(path).size.\(m.key)", "expected a record count ≥ 0, found \(m.value.serialized())")
                )
            }
        }
        return issues
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        let generator = InvoiceGenerator(seed: UInt64(config["seed"]?.intValue ?? 1))
        let sizes = Dictionary(
            uniqueKeysWithValues: entities.map { e in
                (e.name, e.options["size"]?.intValue ?? config["size"]?[e.name]?.intValue ?? 1000)
            })
        return SyntheticSource(
            generator: generator, entities: entities.compactMap { e in catalog.first { $0.name == e.name } },
            sizes: sizes, pageSize: config["pageSize"]?.intValue ?? 500)
    }
}

public final class SyntheticSource: Source {
    public let generator: InvoiceGenerator
    public let entities: [EntitySchema]
    let sizes: [String: Int]
    let pageSize: Int

    public init(generator: InvoiceGenerator, entities: [EntitySchema], sizes: [String: Int], pageSize: Int) {
        self.generator = generator
        self.entities = entities
        self.sizes = sizes
        self.pageSize = pageSize
    }

    public func check() async -> [CheckResult] {
        entities.map { CheckResult(subject: $0.name, ok: true, detail: "\(sizes[$0.name] ?? 0) generated records") }
    }

    public func read(entity: EntitySchema, from cursor: Cursor?) throws -> PageReader {
        let count = sizes[entity.name] ?? 0
        return Reader(
            generator: generator, entity: entity.name,
            next: generator.firstIndex(after: cursor, entity: entity.name, count: count),
            count: count, pageSize: pageSize)
    }

    final class Reader: PageReader {
        let generator: InvoiceGenerator
        let entity: String
        var nextIndex: Int
        let count: Int
        let pageSize: Int

        init(generator: InvoiceGenerator, entity: String, next: Int, count: Int, pageSize: Int) {
            self.generator = generator
            self.entity = entity
            self.nextIndex = next
            self.count = count
            self.pageSize = pageSize
        }

        func next() async throws -> Page? {
            guard nextIndex < count else { return nil }
            let end = min(nextIndex + pageSize, count)
            let records = (nextIndex..<end).map { generator.record(entity, $0) }
            nextIndex = end
            let last = records[records.count - 1]
            return Page(records: records, cursor: Cursor(modifiedAt: last.modifiedAt, key: last.key))
        }
    }
}
