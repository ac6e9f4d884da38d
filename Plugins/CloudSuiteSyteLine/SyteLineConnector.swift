import CloudSuite
import Foundation
import MLCCore
import MLCHTTP

/// `cloudsuite.syteline`: CloudSuite Industrial (SyteLine/CSI) through the ION API gateway, IDO REST v2.
public struct SyteLineConnector: SourceConnector {
    public static let type = "cloudsuite.syteline"
    public static let summary =
        "Infor CloudSuite Industrial (SyteLine/CSI) via ION API: IDO REST v2, incremental by RecordDate"
    public static let fields: [ConfigField] =
        CloudSuiteSettings.fields + [
            ConfigField(
                "mongooseConfig", .string, required: true,
                "the Mongoose configuration (X-Infor-MongooseConfig), e.g. ACME_PRD_SITE1"),
            ConfigField(
                "pageSize", .int,
                "rows per IDO request (recordCap); keep pages well under the gateway's 60 s timeout",
                range: 1...10_000, default: .number("200")),
            ConfigField(
                "recordDateOffset", .string,
                "UTC offset of RecordDate values, e.g. \"+01:00\" (unconfirmed publicly)", default: "+00:00"),
            ConfigField(
                "filterDateForm", .string,
                "date literals in the IDO filter: \"mongoose\" (yyyyMMdd HH:mm:ss.fff), \"sql\" (yyyy-MM-dd HH:mm:ss.fff) or \"iso\"; values are read in all three",
                allowed: SyteLineDates.LiteralForm.allCases.map(\.rawValue), default: "mongoose"),
            ConfigField(
                "parameterCase", .string,
                "query parameter names: \"camel\" (recordCap, orderBy, loadType) or \"lower\" (recordcap …)",
                allowed: ["camel", "lower"], default: "camel"),
        ]
    public static let entityFields: [ConfigField] = [
        ConfigField("ido", .string, "the IDO to load (e.g. SLVendors)"),
        ConfigField(
            "properties", .array,
            "IDO properties to read (become columns), sent as written plus key and cursor; default: the catalog's, less those the tenant's IDO lacks"
        ),
        ConfigField("key", .array, "key properties"),
        ConfigField("cursor", .string, "the modified-date property (default RecordDate)"),
        ConfigField("filter", .string, "an extra IDO filter, ANDed with the incremental one"),
        ConfigField("pageSize", .int, "rows per request for this entity", range: 1...10_000),
        ConfigField("mongooseConfig", .string, "Mongoose configuration for this entity (another site)"),
        ConfigField("types", .object, "column types of properties: {\"InvAmt\": \"decimal\"}"),
    ]
    public static var catalog: [EntitySchema] { SyteLineCatalog.entities.map(\.schema) }
    public static func schemas(for entities: [EntityRequest]) -> [EntitySchema] {
        entities.compactMap { SyteLineCatalog.resolve($0)?.schema }
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        var issues = CloudSuiteSettings.validate(config, at: path)
        if let offset = config["recordDateOffset"]?.stringValue, SyteLineDates.offsetSeconds(offset) == nil {
            issues.append(
                ManifestIssue(
                    "\(path).recordDateOffset", "expected an offset like \"+01:00\" or \"-05:30\", found \"\(offset)\"")
            )
        }
        // Each property becomes one column: a repeated one would be two columns of one name.
        for (i, entity) in (config["entities"]?.arrayValue ?? []).enumerated() {
            var seen: Set<String> = []
            let listed = (entity["properties"]?.arrayValue ?? []).compactMap(\.stringValue)
            for name in listed where !seen.insert(name).inserted {
                issues.append(
                    ManifestIssue(
                        "\(path).entities[\(i)].properties", "property \"\(name)\" is listed twice",
                        hint: "list each IDO property once"))
            }
            issues += keyIssues(entity, listed: listed, at: "\(path).entities[\(i)].key")
            issues += typeIssues(entity, at: "\(path).entities[\(i)].types")
        }
        return issues
    }

    /// A key names properties of the entity (the catalog's or the listed ones): a key the IDO never answers
    /// would leave every record keyless, so each is refused at `validate`, not parked record by record.
    static func keyIssues(_ entity: JSON, listed: [String], at path: String) -> [ManifestIssue] {
        guard let key = entity["key"] else { return [] }
        guard let names = key.arrayValue, !names.isEmpty else {
            return [
                ManifestIssue(
                    path, "expected a non-empty array of property names, found \(key.serialized())",
                    hint: "e.g. [\"VendNum\"]")
            ]
        }
        let known = Set(
            listed + (SyteLineCatalog.entities.first { $0.name == entity["name"]?.stringValue }?.properties ?? []))
        return names.enumerated().compactMap { j, name in
            guard let text = name.stringValue, !text.isEmpty else {
                return ManifestIssue("\(path)[\(j)]", "expected a property name, found \(name.serialized())")
            }
            guard !known.contains(text) else { return nil }
            let suggestion = closest(to: text, in: Array(known).sorted()).map { "did you mean \"\($0)\"? " } ?? ""
            return ManifestIssue(
                "\(path)[\(j)]", "key property \"\(text)\" is not a property of the entity",
                hint: suggestion
                    + "a key property must be in the catalog's properties or in the entity's \"properties\" list")
        }
    }

    /// Each `types` value names a column type; an unknown one would silently leave the column as text.
    static func typeIssues(_ entity: JSON, at path: String) -> [ManifestIssue] {
        let names = ColumnType.allCases.map(\.rawValue)
        return (entity["types"]?.objectValue ?? []).compactMap { member in
            guard let text = member.value.stringValue, names.contains(text) else {
                let suggestion =
                    member.value.stringValue.flatMap { closest(to: $0, in: names) }.map { "did you mean \"\($0)\"? " }
                    ?? ""
                return ManifestIssue(
                    "\(path).\(member.key)", "expected a column type, found \(member.value.serialized())",
                    hint: suggestion + "types: " + names.joined(separator: ", "))
            }
            return nil
        }
    }

    public static func makeSource(
        config: JSON, entities: [EntityRequest], context: ConnectorContext
    ) throws -> any Source {
        let settings = try CloudSuiteSettings(config: config, context: context)
        let mappings = entities.compactMap { request in
            SyteLineCatalog.resolve(request).map { entity in
                SyteLineSource.Mapping(
                    request: request, entity: entity,
                    mongooseConfig: request.options["mongooseConfig"]?.stringValue ?? config["mongooseConfig"]?
                        .stringValue ?? "",
                    pageSize: request.options["pageSize"]?.intValue ?? fields.int("pageSize", in: config),
                    explicitProperties: request.options["properties"]?.arrayValue?.isEmpty == false)
            }
        }
        var dates = SyteLineDates(
            offsetSeconds: SyteLineDates.offsetSeconds(fields.string("recordDateOffset", in: config)) ?? 0)
        dates.literalForm =
            SyteLineDates.LiteralForm(rawValue: fields.string("filterDateForm", in: config)) ?? .mongoose
        return SyteLineSource(
            settings: settings, mappings: mappings, dates: dates,
            lowercaseParameters: fields.string("parameterCase", in: config) == "lower")
    }
}
