import CloudSuite
import MLCCore

/// `cloudsuite.m3`: CloudSuite Industrial M3 through the ION API gateway, MI REST v2.
public struct M3Connector: SourceConnector {
    public static let type = "cloudsuite.m3"
    public static let summary =
        "Infor CloudSuite Industrial M3 via ION API: MI REST v2 list transactions, paged by key, per company"
    public static let fields: [ConfigField] =
        CloudSuiteSettings.fields + [
            ConfigField("cono", .string, "the company (cono) of every call; default: the API user's company"),
            ConfigField("divi", .string, "the division (divi) of every call; default: the API user's division"),
            ConfigField(
                "pageSize", .int, "records per call (maxrecs; the server's cap is unconfirmed publicly)",
                range: 1...10_000, default: .number("500")),
        ]
    public static let entityFields: [ConfigField] = M3Catalog.catalog.entityFields
    public static var catalog: [EntitySchema] { M3Catalog.catalog.schemas }
    public static var unfilledColumns: [String: [String]] { M3Catalog.catalog.unfilledColumns }
    public static let unservedEntities: [String: String] = [
        "items":
            "MMS200MI/LstItmByChgDate is a change-date list without key paging; date-window reads are not built yet",
        "purchase_orders":
            "PPS200MI has no list by supplier or change date; EXPORTMI/Select on MPHEAD (unconfirmed) is the alternative",
        "purchase_order_lines":
            "PPS200MI/LstLine needs each PUNO; EXPORTMI/Select on MPLINE (unconfirmed) is the alternative",
        "ap_invoices":
            "APS200MI/APS450MI have no list of posted invoices; EXPORTMI/Select on the AP ledger (FPLEDG, unconfirmed) is the alternative",
        "ap_invoice_lines": "GLS200MI/LstVouchersByDt (date windows) is the alternative, not built yet",
    ]
    public static func schemas(for entities: [EntityRequest], config: JSON) -> [EntitySchema] {
        M3Catalog.catalog.schemas(for: entities, config: config)
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        CloudSuiteSettings.validate(config, at: path) + M3Catalog.catalog.validate(config, at: path)
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        try M3Catalog.catalog.source(
            line: M3Line(cono: config["cono"]?.stringValue, divi: config["divi"]?.stringValue), fields: fields,
            config: config, entities: entities, context: context)
    }
}
