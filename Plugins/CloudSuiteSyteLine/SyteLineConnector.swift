import CloudSuite
import MLCCore

/// `cloudsuite.syteline`: CloudSuite Industrial (SyteLine/CSI) through the ION API gateway, IDO REST v2.
public struct SyteLineConnector: SourceConnector {
    public static let type = "cloudsuite.syteline"
    public static let summary =
        "Infor CloudSuite Industrial (SyteLine/CSI) via ION API: IDO REST v2, incremental by RecordDate"
    public static let fields: [ConfigField] =
        CloudSuiteSettings.fields + [
            ConfigField(
                "mongooseConfig", .string, required: true,
                "the Mongoose configuration (X-Infor-MongooseConfig), e.g. ACME_PRD_SITE1; also the default company"),
            ConfigField(
                "pageSize", .int,
                "rows per IDO request (recordCap); keep pages well under the gateway's 60 s timeout",
                range: 1...10_000, default: .number("200")),
            ConfigField(
                "filterDateForm", .string,
                "date literals in the IDO filter: \"mongoose\" (yyyyMMdd HH:mm:ss.fff), \"sql\" (yyyy-MM-dd HH:mm:ss.fff) or \"iso\"; values are read in all three",
                allowed: DateLiteral.allCases.map(\.rawValue), default: "mongoose"),
            ConfigField(
                "parameterCase", .string,
                "query parameter names: \"camel\" (recordCap, orderBy, loadType) or \"lower\" (recordcap …)",
                allowed: ["camel", "lower"], default: "camel"),
        ]
    public static let entityFields: [ConfigField] =
        SyteLineCatalog.catalog.entityFields + [
            ConfigField("mongooseConfig", .string, "Mongoose configuration for this entity (another site)")
        ]
    public static var catalog: [EntitySchema] { SyteLineCatalog.catalog.schemas }
    public static var unfilledColumns: [String: [String]] { SyteLineCatalog.catalog.unfilledColumns }
    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        SyteLineCatalog.catalog.schemas(for: entities, config: config)
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        CloudSuiteSettings.validate(config, at: path) + SyteLineCatalog.catalog.validate(config, at: path)
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        func mongooseConfig(_ request: EntityRequest) -> String {
            request.options["mongooseConfig"]?.stringValue ?? config["mongooseConfig"]?.stringValue ?? ""
        }
        let line = SyteLineLine(
            literalForm: DateLiteral(rawValue: fields.string("filterDateForm", in: config)) ?? .mongoose,
            lowercaseParameters: fields.string("parameterCase", in: config) == "lower")
        return try SyteLineCatalog.catalog.source(
            line: line, fields: fields, config: config, entities: entities, context: context, company: mongooseConfig,
            headers: { [("X-Infor-MongooseConfig", mongooseConfig($0))] })
    }
}
