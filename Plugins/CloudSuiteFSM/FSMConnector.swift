import CloudSuite
import MLCCore

/// `cloudsuite.fsm`: CloudSuite Financials & Supply Management (Landmark) through the ION API gateway.
public struct FSMConnector: SourceConnector {
    public static let type = "cloudsuite.fsm"
    public static let summary =
        "Infor CloudSuite Financials & Supply Management via ION API: Landmark business-class lists, page links, every company's rows"
    public static let fields: [ConfigField] =
        CloudSuiteSettings.fields + [
            companies.field,
            ConfigField(
                "updateStamp", .string,
                "the update-stamp field of the classes (unconfirmed publicly); an entity's \"cursor\" overrides it",
                default: .string(FSMCatalog.stamp)),
            ConfigField(
                "stampFilter", .string,
                "how changed rows are asked: \"range\" (_lplFilter stamp >= since and < until) or \"none\" (the whole list each run, for tenants that refuse range filters)",
                allowed: FSMLine.StampFilter.allCases.map(\.rawValue), default: "range"),
            ConfigField(
                "stampForm", .string, "the stamp literal in the filter: compact (yyyyMMddHHmmss) or iso",
                allowed: [DateLiteral.compact.rawValue, DateLiteral.iso.rawValue], default: "compact"),
            ConfigField(
                "pageLinks", .any,
                "the names of the next-page link in _links (unconfirmed publicly), the first found is followed",
                default: .array([.string("next"), .string("_next")])),
            ConfigField(
                "dataArea", .string, "the Landmark data area path below the tenant (earlier deployments: fsm)",
                default: .string("FSM/fsm")),
            ConfigField("pageSize", .int, "records per call (_limit)", range: 1...10_000, default: .number("500")),
        ]
    static let companies = CompanyList(
        setting: "companyFilter",
        meaning:
            "only the rows of this company (the value of each entity's company field: Company, VendorGroup, ItemGroup or FinanceEnterpriseGroup)"
    )
    public static let entityFields: [ConfigField] = FSMCatalog.catalog.entityFields + [companies.entityField]
    public static var catalog: [EntitySchema] { FSMCatalog.catalog.schemas }
    public static var unfilledColumns: [String: [String]] { FSMCatalog.catalog.unfilledColumns }

    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        FSMCatalog.catalog.schemas(for: entities.map { withStamp($0, config) }, config: config)
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        var issues =
            CloudSuiteSettings.validate(config, at: path) + FSMCatalog.catalog.validate(config, at: path)
            + companies.validate(config, at: path)
        if let links = config["pageLinks"], links.stringValue == nil,
            links.arrayValue.map({ $0.isEmpty || $0.contains { $0.stringValue?.isEmpty ?? true } }) ?? true
        {
            issues.append(
                ManifestIssue(
                    path + ".pageLinks", "expected a link name or a list of them, found \(links.serialized())",
                    hint: #"e.g. "next" or ["next", "_next"]"#))
        }
        return issues
    }

    static func withStamp(_ request: EntityRequest, _ config: JSON) -> EntityRequest {
        request.withCursor(fromSetting: "updateStamp", of: config)
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        let settings = try CloudSuiteSettings(config: config, context: context)
        let links = fields.value("pageLinks", in: config)
        let line = FSMLine(
            tenantURL: settings.credentials.tenantURL, dataArea: fields.string("dataArea", in: config),
            stampFilter: FSMLine.StampFilter(rawValue: fields.string("stampFilter", in: config)) ?? .range,
            stampForm: DateLiteral(rawValue: fields.string("stampForm", in: config)) ?? .compact,
            pageLinks: links?.stringValue.map { [$0] } ?? links?.arrayValue?.compactMap(\.stringValue) ?? ["next"])
        return try FSMCatalog.catalog.source(
            line: line, fields: fields, config: config, entities: entities.map { withStamp($0, config) },
            context: context, scopes: { companies.of($0, config: config) })
    }
}
