import CloudSuite
import MLCCore

/// `cloudsuite.ln`: CloudSuite Industrial Enterprise LN through the ION API gateway, OData REST.
public struct LNConnector: SourceConnector {
    public static let type = "cloudsuite.ln"
    public static let summary =
        "Infor CloudSuite Industrial Enterprise LN via ION API: OData REST services, next-link or $skip paging, per LN company"
    public static let fields: [ConfigField] =
        CloudSuiteSettings.fields + [
            companies.field,
            ConfigField(
                "modifiedProperty", .string,
                "the last-modified property of the entity sets (unconfirmed publicly); an entity's \"cursor\" overrides it",
                default: .string(LNCatalog.modified)),
            ConfigField(
                "pageSize", .int, "records per call ($top)", range: 1...10_000, default: .number("500")),
        ]
    static let companies = CompanyList(
        setting: "lnCompany", meaning: "the LN company (X-Infor-LnCompany, 0–9999) of every call")
    public static let entityFields: [ConfigField] =
        LNCatalog.catalog.entityFields + [
            companies.entityField
        ]
    public static var catalog: [EntitySchema] { LNCatalog.catalog.schemas }
    public static var unfilledColumns: [String: [String]] { LNCatalog.catalog.unfilledColumns }
    public static let unservedEntities: [String: String] = LNCatalog.unserved

    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        LNCatalog.catalog.schemas(for: entities.map { withModified($0, config) }, config: config)
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        CloudSuiteSettings.validate(config, at: path) + LNCatalog.catalog.validate(config, at: path)
            + companies.validate(config, at: path)
    }

    static func withModified(_ request: EntityRequest, _ config: JSON) -> EntityRequest {
        request.withCursor(fromSetting: "modifiedProperty", of: config)
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        let settings = try CloudSuiteSettings(config: config, context: context)
        return try LNCatalog.catalog.source(
            line: LNLine(tenantURL: settings.credentials.tenantURL), fields: fields, config: config,
            entities: entities.map { withModified($0, config) }, context: context,
            scopes: { companies.of($0, config: config) })
    }
}
