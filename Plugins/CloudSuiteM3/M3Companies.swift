import MLCCore

/// The companies an M3 pipeline reads: `cono` is one company or a list of them, on the source or on one entity
/// (the entity's wins). Every company's rows land in the same tables, told apart by the company in their key.
enum M3Companies {
    static let field = ConfigField(
        "cono", .any,
        "the company (cono) of every call, or a list of companies each entity is read for; default: the API user's company"
    )

    /// The companies of one entity; `[""]`: the API user's own.
    static func of(_ request: EntityRequest, config: JSON) -> [String] {
        let listed = values(request.options["cono"]) ?? values(config["cono"]) ?? []
        return listed.isEmpty ? [""] : listed
    }

    static func values(_ value: JSON?) -> [String]? {
        guard let value else { return nil }
        if let one = value.stringValue ?? value.intValue.map(String.init) { return [one] }
        return value.arrayValue?.compactMap { $0.stringValue ?? $0.intValue.map(String.init) }
    }

    /// `cono` must be a company number or a non-empty list of distinct ones; with several, the canonical
    /// `company` column cannot be one fixed value.
    static func validate(_ config: JSON, at path: String) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        var places = [(path + ".cono", config["cono"])]
        for (i, entry) in (config["entities"]?.arrayValue ?? []).enumerated() {
            places.append(("\(path).entities[\(i)].cono", entry["cono"]))
        }
        for (at, value) in places {
            guard let value else { continue }
            let list = values(value) ?? []
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
                        hint: "leave out source.company: each row's company is its cono"))
            }
        }
        return issues
    }
}
