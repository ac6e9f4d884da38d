import MLCCore

/// The companies a pipeline reads, in the line's own setting (M3's `cono`, LN's `lnCompany`): one company or
/// a list, on the source or on one entity (the entity's wins). Each entity is read once per company
/// (`IONConfiguredEntity.scope`), every company's rows in the same tables, told apart by the company in
/// their key.
public struct CompanyList: Sendable {
    /// The setting's name (`cono`).
    public let setting: String
    /// What the product calls the value, for help texts ("the company (cono) of every call").
    public let meaning: String

    public init(setting: String, meaning: String) {
        self.setting = setting
        self.meaning = meaning
    }

    public var field: ConfigField {
        ConfigField(
            setting, .any, "\(meaning), or a list of companies each entity is read for; default: the API user's company"
        )
    }

    public var entityField: ConfigField {
        ConfigField(setting, .any, "the companies this entity is read for (instead of the source's \(setting))")
    }

    /// The companies of one entity; `[""]`: the API user's own.
    public func of(_ request: EntityRequest, config: JSON) -> [String] {
        let listed = Self.values(request.options[setting]) ?? Self.values(config[setting]) ?? []
        return listed.isEmpty ? [""] : listed
    }

    public static func values(_ value: JSON?) -> [String]? {
        guard let value else { return nil }
        if let one = value.stringValue ?? value.intValue.map(String.init) { return [one] }
        return value.arrayValue?.compactMap { $0.stringValue ?? $0.intValue.map(String.init) }
    }

    /// A company number or a non-empty list of distinct ones; with several, the canonical `company` column
    /// cannot be one fixed value.
    public func validate(_ config: JSON, at path: String) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        var places = [(path + "." + setting, config[setting])]
        for (i, entry) in (config["entities"]?.arrayValue ?? []).enumerated() {
            places.append(("\(path).entities[\(i)].\(setting)", entry[setting]))
        }
        for (at, value) in places {
            guard let value else { continue }
            let list = Self.values(value) ?? []
            let count = value.arrayValue?.count ?? 1
            if list.isEmpty || list.count != count || list.contains(where: \.isEmpty) {
                issues.append(
                    ManifestIssue(
                        at, "expected a company number or a list of them, found \(value.serialized())",
                        hint: #"e.g. "100" or ["100", "200"]"#))
            } else if Set(list).count != list.count {
                issues.append(ManifestIssue(at, "a company is listed twice", hint: "list each company once"))
            } else if list.count > 1, config["company"] != nil {
                issues.append(
                    ManifestIssue(
                        path + ".company", "one company column value for several companies would merge their rows",
                        hint: "leave out source.company: each row's company is the one it was read for"))
            }
        }
        return issues
    }
}
