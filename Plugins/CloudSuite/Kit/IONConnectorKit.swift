import MLCCore

/// The connector-level pieces every product line shares: the schemas a manifest's entities get, the
/// canonical columns a catalog cannot fill, and the source built from the settings.
extension IONCatalog {
    /// The entities' schemas after overrides, in the manifest's `columns` names.
    public func schemas(for requests: [EntityRequest], config: JSON) -> [EntitySchema] {
        let mode = CloudSuiteOptions.parse(config, at: "$.source").value.columns
        return requests.compactMap { resolve($0)?.schema(mode) }
    }

    /// The default catalog's schemas (canonical columns).
    public var schemas: [EntitySchema] { entities.map { $0.schema(.canonical) } }

    public var unfilledColumns: [String: [String]] {
        Dictionary(uniqueKeysWithValues: entities.map { ($0.name, $0.canonical.unfilled) })
    }

    /// The source of a line's connector. `fields` are the connector's settings (for the default page size);
    /// `company` and `headers` give the line's defaults per entity; `scopes` the companies each entity is read
    /// for (the company column is the scope's unless `company` is set).
    public func source(
        line: any IONProductLine, fields: [ConfigField], config: JSON, entities requests: [EntityRequest],
        context: ConnectorContext, company: (EntityRequest) -> String = { _ in "" },
        scopes: (EntityRequest) -> [String] = { _ in [""] },
        headers: (EntityRequest) -> [(String, String)] = { _ in [] }
    ) throws -> IONSource {
        let settings = try CloudSuiteSettings(config: config, context: context)
        let configured = requests.flatMap { request in
            resolve(request).map { entity in
                scopes(request).map { scope in
                    IONConfiguredEntity(
                        request: request, entity: entity,
                        pageSize: request.options["pageSize"]?.intValue ?? fields.int("pageSize", in: config),
                        explicitFields: request.options[fieldsName]?.arrayValue?.isEmpty == false,
                        company: settings.company ?? (scope.isEmpty ? company(request) : scope), scope: scope,
                        headers: headers(request))
                }
            } ?? []
        }
        return IONSource(
            line: line, settings: settings, entities: configured, window: settings.window, columns: settings.columns)
    }
}
