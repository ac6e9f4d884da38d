import CloudSuite
import MLCCore

/// `cloudsuite.sxe`: CloudSuite Distribution (SX.e / CSD) through the ION API gateway, SXAPI REST and FetchWhere.
public struct SXConnector: SourceConnector {
    public static let type = "cloudsuite.sxe"
    public static let summary =
        "Infor CloudSuite Distribution (SX.e/CSD) via ION API: SXAPI list calls restarted by key, FetchWhere table reads by change date, per company"
    public static let fields: [ConfigField] =
        CloudSuiteSettings.fields + [
            companies.field,
            ConfigField("operatorInit", .string, "the SX.e operator every call runs as", default: .string("sys")),
            ConfigField(
                "operatorPassword", .secret,
                "the operator's password: {\"secret\": NAME} or {\"env\": VAR}; default: none (an operator without one)"
            ),
            ConfigField(
                "servicePath", .string, "the path SXAPI lives under (/SX/rest/… or, on some tenants, /SX/web/…)",
                allowed: ["rest", "web"], default: "rest"),
            ConfigField(
                "callCase", .string,
                "call names as the Swagger spells them (lower: sxapiapgetvendorlistv2) or camel (sxapiAPGetVendorListV2)",
                allowed: ["lower", "camel"], default: "lower"),
            ConfigField(
                "whereDateForm", .string, "dates in FetchWhere where clauses", allowed: ["MM/DD/YYYY", "MM/DD/YY"],
                default: "MM/DD/YYYY"),
            ConfigField(
                "fetchWhereRows", .string,
                "the member of a FetchWhere answer holding its rows (unconfirmed publicly); default: its first list of rows"
            ),
            ConfigField(
                "fetchWhereRestart", .string,
                "the member of a FetchWhere answer holding the restart row id (unconfirmed publicly; any case)",
                default: .string("RestartRowID")),
            ConfigField(
                "changeTime", .string,
                "the audit time column read with the change date into the cursor (empty: the day alone)",
                default: .string("transtm")),
            ConfigField(
                "pageSize", .int, "rows per call (recordLimit, FetchWhere BatchSize)", range: 1...10_000,
                default: .number("500")),
        ]
    static let companies = CompanyList(
        setting: "companyNumber", meaning: "the SX.e company (companyNumber, cono) of every call")
    public static let entityFields: [ConfigField] = SXCatalog.catalog.entityFields + [companies.entityField]
    public static var catalog: [EntitySchema] { SXCatalog.catalog.schemas }
    public static var unfilledColumns: [String: [String]] { SXCatalog.catalog.unfilledColumns }
    public static let unservedEntities: [String: String] = SXCatalog.unserved

    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        SXCatalog.catalog.schemas(for: entities, config: config)
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        var issues =
            CloudSuiteSettings.validate(config, at: path) + SXCatalog.catalog.validate(config, at: path)
            + companies.validate(config, at: path)
        let numbers =
            (CompanyList.values(config["companyNumber"]) ?? [])
            + (config["entities"]?.arrayValue ?? []).flatMap { CompanyList.values($0["companyNumber"]) ?? [] }
        if config["companyNumber"] == nil {
            issues.append(
                ManifestIssue(
                    path + ".companyNumber", "SX.e needs the company of every call",
                    hint: #"e.g. "companyNumber": 1, or a list [1, 2]"#))
        } else if let bad = numbers.first(where: { Int($0) == nil }) {
            issues.append(
                ManifestIssue(
                    path + ".companyNumber", "an SX.e company number is a number, found \"\(bad)\"",
                    hint: #"e.g. "companyNumber": 1"#))
        }
        return issues
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        let settings = try CloudSuiteSettings(config: config, context: context)
        var password = ""
        if let ref = config["operatorPassword"].flatMap(SecretReference.init(json:)) {
            password = String(
                decoding: try context.secrets.resolve(ref, at: "$.source.operatorPassword"), as: UTF8.self)
        }
        let line = SXLine(
            tenantURL: settings.credentials.tenantURL, servicePath: fields.string("servicePath", in: config),
            camelCase: fields.string("callCase", in: config) == "camel",
            operatorInit: fields.string("operatorInit", in: config), operatorPassword: password,
            shortYear: fields.string("whereDateForm", in: config) == "MM/DD/YY",
            rowsName: config["fetchWhereRows"]?.stringValue,
            restartName: fields.string("fetchWhereRestart", in: config),
            changeTime: fields.string("changeTime", in: config))
        return try SXCatalog.catalog.source(
            line: line, fields: fields, config: config, entities: entities, context: context,
            scopes: { companies.of($0, config: config) })
    }
}
