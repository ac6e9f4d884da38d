import CloudSuite
import MLCCore

/// `cloudsuite.m3`: CloudSuite Industrial M3 through the ION API gateway, MI REST v2.
public struct M3Connector: SourceConnector {
    public static let type = "cloudsuite.m3"
    public static let summary =
        "Infor CloudSuite Industrial M3 via ION API: MI REST v2 list transactions, paged by key, per company"
    public static let fields: [ConfigField] =
        CloudSuiteSettings.fields + [
            companies.field,
            ConfigField("divi", .string, "the division (divi) of every call; default: the API user's division"),
            ConfigField(
                "exportSeparator", .string,
                "the EXPORTMI/Select field separator (SEPC) of table reads: a character the data does not contain",
                default: .string("|")),
            ConfigField(
                "pageSize", .int, "records per call (maxrecs; the server's cap is unconfirmed publicly)",
                range: 1...10_000, default: .number("500")),
        ]
    static let companies = CompanyList(setting: "cono", meaning: "the company (cono) of every call")
    public static let entityFields: [ConfigField] =
        M3Catalog.catalog.entityFields + [
            companies.entityField
        ]
    public static var catalog: [EntitySchema] { M3Catalog.catalog.schemas }
    public static var unfilledColumns: [String: [String]] { M3Catalog.catalog.unfilledColumns }
    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        M3Catalog.catalog.schemas(for: entities, config: config)
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        CloudSuiteSettings.validate(config, at: path) + M3Catalog.catalog.validate(config, at: path)
            + companies.validate(config, at: path)
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        var line = M3Line(divi: config["divi"]?.stringValue)
        line.separator = config["exportSeparator"]?.stringValue ?? line.separator
        // Each entity is read once per company; items answer without CONO, so their company is the call's.
        return try M3Catalog.catalog.source(
            line: line, fields: fields, config: config, entities: entities, context: context,
            scopes: { companies.of($0, config: config) })
    }
}
