import Foundation

/// Reads and validates a manifest. Every problem is collected and reported at once.
public struct ManifestLoader {
    public var registry: Registry

    public init(registry: Registry) { self.registry = registry }

    public func load(file: String) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ManifestError(
                file: file,
                issues: [
                    ManifestIssue(
                        "$", "the manifest file cannot be read",
                        hint: "check the path and permissions")
                ])
        }
        let url = URL(fileURLWithPath: file).standardizedFileURL
        return try parse(Array(data), file: file, directory: url.deletingLastPathComponent().path)
    }

    public func parse(_ bytes: [UInt8], file: String, directory: String) throws -> Manifest {
        let json: JSON
        do { json = try JSONParser.parse(bytes) } catch let e as JSONSyntaxError {
            throw ManifestError(
                file: file,
                issues: [ManifestIssue("$", "malformed JSON at line \(e.line), column \(e.column): \(e.message)")])
        }
        var issues = FieldValidator.validate(json, fields: Manifest.topFields, at: "$")
        guard case .object = json else { throw ManifestError(file: file, issues: issues) }

        if let v = json["version"]?.intValue, v != Manifest.currentVersion {
            issues.append(
                ManifestIssue(
                    "$.version", "expected \(Manifest.currentVersion), found \(v)",
                    hint: "this mlc reads manifest version \(Manifest.currentVersion)"))
        }
        let name = json["name"]?.stringValue ?? ""
        if json["name"]?.stringValue != nil,
            name.isEmpty
                || !name.unicodeScalars.allSatisfy({
                    CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
                })
        {
            issues.append(ManifestIssue("$.name", "expected letters, digits, '-', '_' or '.', found \"\(name)\""))
        }

        let (source, entities, sourceIssues) = validateSource(json["source"])
        issues += sourceIssues
        let (sink, sinkIssues) = validateSink(json["sink"])
        issues += sinkIssues
        let (transforms, transformIssues) = validateTransforms(json["transforms"], entities: entities.map(\.name))
        issues += transformIssues
        if transformIssues.isEmpty, let source, let connector = registry.source(source.type) {
            issues += checkTransformFields(
                schemas: connector.schemas(for: entities, config: source.config), transforms: transforms,
                directory: directory)
        }
        let (pipeline, pipelineIssues) = validatePipeline(json["pipeline"])
        issues += pipelineIssues

        var schedule: Schedule?
        if let rule = json["schedule"] {
            let (parsed, scheduleIssues) = Schedule.parse(rule, at: "$.schedule")
            schedule = parsed
            issues += scheduleIssues
        }

        var statePath = ".mlc/\(name).state.sqlite"
        if let state = json["state"] {
            issues += FieldValidator.validate(
                state, fields: [ConfigField("path", .string, "state store file")], at: "$.state")
            if let p = state["path"]?.stringValue { statePath = p }
        }
        if !statePath.hasPrefix("/") { statePath = directory + "/" + statePath }

        guard issues.isEmpty, let source, let sink else { throw ManifestError(file: file, issues: issues) }
        return Manifest(
            file: file, directory: directory, name: name, source: source, entities: entities,
            transforms: transforms, sink: sink, pipeline: pipeline, statePath: statePath, schedule: schedule)
    }

    private func sectionType(_ json: JSON, at path: String, known: [String], kind: String) -> (String?, [ManifestIssue])
    {
        guard case .object = json else {
            return (nil, [ManifestIssue(path, "expected an object, found \(json.kindName)")])
        }
        guard let typeJSON = json["type"] else {
            return (
                nil,
                [
                    ManifestIssue(
                        "\(path).type", "required setting is missing: expected the \(kind) type",
                        hint: "registered \(kind) types: \(known.joined(separator: ", "))")
                ]
            )
        }
        guard let type = typeJSON.stringValue, known.contains(type) else {
            let found = typeJSON.stringValue.map { "\"\($0)\"" } ?? typeJSON.kindName
            let suggestion =
                typeJSON.stringValue.flatMap { closest(to: $0, in: known) }.map { "did you mean \"\($0)\"? " } ?? ""
            return (
                nil,
                [
                    ManifestIssue(
                        "\(path).type", "unknown \(kind) type \(found)",
                        hint:
                            "\(suggestion)registered \(kind) types: \(known.joined(separator: ", ")) (`mlc connectors` lists them)"
                    )
                ]
            )
        }
        return (type, [])
    }

    private func validateSource(_ json: JSON?) -> (Manifest.Section?, [EntityRequest], [ManifestIssue]) {
        guard let json else { return (nil, [], []) }
        let (type, typeIssues) = sectionType(
            json, at: "$.source", known: registry.sources.map { $0.type }, kind: "source")
        guard let type, let connector = registry.source(type) else { return (nil, [], typeIssues) }
        var issues = FieldValidator.validate(
            json, fields: connector.fields, at: "$.source", reserved: ["type", "entities"])
        issues += connector.validate(config: json, at: "$.source")
        let catalog = connector.catalog.map(\.name)
        var entities: [EntityRequest] = []
        switch json["entities"] {
        case nil:
            issues.append(
                ManifestIssue(
                    "$.source.entities", "required setting is missing: expected an array of entity names",
                    hint: "\(type) offers: \(catalog.joined(separator: ", "))"))
        case .array(let items)?:
            if items.isEmpty {
                issues.append(
                    ManifestIssue(
                        "$.source.entities", "expected at least one entity, found an empty array",
                        hint: "\(type) offers: \(catalog.joined(separator: ", "))"))
            }
            for (i, item) in items.enumerated() {
                let path = "$.source.entities[\(i)]"
                var name: String?
                var options: JSON = .object([])
                switch item {
                case .string(let s): name = s
                case .object:
                    issues += FieldValidator.validate(
                        item,
                        fields: [ConfigField("name", .string, required: true, "the entity")] + connector.entityFields,
                        at: path)
                    name = item["name"]?.stringValue
                    options = item
                default:
                    issues.append(
                        ManifestIssue(
                            path, "expected an entity name or {\"name\": …, overrides}, found \(item.kindName)"))
                }
                guard let name else { continue }
                if !catalog.contains(name) {
                    let suggestion = closest(to: name, in: catalog).map { "did you mean \"\($0)\"? " } ?? ""
                    if let why = connector.unservedEntities[name] {
                        issues.append(
                            ManifestIssue(
                                path, "\(type) does not serve \"\(name)\" yet: \(why)",
                                hint: "\(type) offers: \(catalog.joined(separator: ", "))"))
                    } else {
                        issues.append(
                            ManifestIssue(
                                path, "unknown entity \"\(name)\" for source \(type)",
                                hint: "\(suggestion)\(type) offers: \(catalog.joined(separator: ", "))"))
                    }
                } else if entities.contains(where: { $0.name == name }) {
                    issues.append(ManifestIssue(path, "entity \"\(name)\" is listed twice"))
                } else {
                    entities.append(EntityRequest(name: name, options: options, manifestPath: path))
                }
            }
        case let other?:
            issues.append(
                ManifestIssue("$.source.entities", "expected an array of entity names, found \(other.kindName)"))
        }
        return (
            issues.isEmpty ? Manifest.Section(type: type, config: json, path: "$.source") : nil, entities,
            typeIssues + issues
        )
    }

    private func validateSink(_ json: JSON?) -> (Manifest.Section?, [ManifestIssue]) {
        guard let json else { return (nil, []) }
        let (type, typeIssues) = sectionType(json, at: "$.sink", known: registry.sinks.map { $0.type }, kind: "sink")
        guard let type, let connector = registry.sink(type) else { return (nil, typeIssues) }
        let (expanded, expansionIssues) = connector.expand(config: json, at: "$.sink")
        guard expansionIssues.isEmpty else { return (nil, expansionIssues) }
        let issues =
            FieldValidator.validate(expanded, fields: connector.fields, at: "$.sink", reserved: ["type"])
            + connector.validate(config: expanded, at: "$.sink")
        return (issues.isEmpty ? Manifest.Section(type: type, config: expanded, path: "$.sink") : nil, issues)
    }

    private func validateTransforms(_ json: JSON?, entities: [String]) -> ([Manifest.Section], [ManifestIssue]) {
        guard let items = json?.arrayValue else { return ([], []) }
        var sections: [Manifest.Section] = []
        var issues: [ManifestIssue] = []
        for (i, item) in items.enumerated() {
            let path = "$.transforms[\(i)]"
            let (type, typeIssues) = sectionType(
                item, at: path, known: registry.transforms.map { $0.type }, kind: "transform")
            issues += typeIssues
            guard let type, let connector = registry.transform(type) else { continue }
            var local = FieldValidator.validate(item, fields: connector.fields, at: path, reserved: ["type"])
            local += connector.validate(config: item, at: path)
            if let entity = item["entity"]?.stringValue, !entities.isEmpty, !entities.contains(entity) {
                local.append(
                    ManifestIssue(
                        "\(path).entity", "transform targets \"\(entity)\", which the source does not read",
                        hint: "entities read: \(entities.joined(separator: ", "))"))
            }
            if local.isEmpty { sections.append(Manifest.Section(type: type, config: item, path: path)) }
            issues += local
        }
        return (sections, issues)
    }

    private func validatePipeline(_ json: JSON?) -> (PipelineOptions, [ManifestIssue]) {
        var options = PipelineOptions()
        guard let json else { return (options, []) }
        let issues = FieldValidator.validate(json, fields: PipelineOptions.fields, at: "$.pipeline")
        // The ranges are the fields' own (PipelineOptions.fields), checked above.
        guard issues.isEmpty else { return (options, issues) }
        if let v = json["concurrency"]?.intValue { options.concurrency = v }
        if let v = json["batchBytes"]?.intValue { options.batchBytes = v }
        if let v = json["batchRecords"]?.intValue { options.batchRecords = v }
        return (options, issues)
    }
}
