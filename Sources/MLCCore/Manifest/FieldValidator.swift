/// Generic checks of a manifest object against documented fields: unknown names, missing required
/// values, wrong types, literal secrets. Connector-specific checks run after these.
public enum FieldValidator {
    public static func validate(
        _ json: JSON, fields: [ConfigField], at path: String, reserved: [String] = []
    ) -> [ManifestIssue] {
        guard case .object(let members) = json else {
            return [ManifestIssue(path, "expected an object, found \(json.kindName)")]
        }
        var issues: [ManifestIssue] = []
        var seen: Set<String> = []
        for m in members where !seen.insert(m.key).inserted {
            issues.append(
                ManifestIssue(
                    "\(path).\(m.key)", "\"\(m.key)\" is set twice",
                    hint: "JSON keeps only one of them; remove the other"))
        }
        let known = fields.map(\.name) + reserved
        for m in members where !known.contains(m.key) {
            let suggestion = closest(to: m.key, in: known).map { "did you mean \"\($0)\"? " } ?? ""
            issues.append(
                ManifestIssue(
                    "\(path).\(m.key)", "unknown setting \"\(m.key)\"",
                    hint: "\(suggestion)known settings here: \(known.joined(separator: ", "))"))
        }
        for field in fields {
            let fieldPath = "\(path).\(field.name)"
            guard let value = json[field.name] else {
                if field.required {
                    issues.append(
                        ManifestIssue(
                            fieldPath, "required setting is missing: expected \(describe(field.type))",
                            hint: field.description))
                }
                continue
            }
            issues += check(value, against: field, at: fieldPath)
        }
        return issues
    }

    static func check(_ value: JSON, against field: ConfigField, at path: String) -> [ManifestIssue] {
        switch (field.type, value) {
        case (.secret, .string):
            return [
                ManifestIssue(
                    path, "a literal secret is refused: secrets must not be written in a manifest",
                    hint: "reference it instead: \(SecretReference.forms)")
            ]
        case (.secret, _):
            if SecretReference(json: value) == nil {
                return [
                    // Only the kind of what was found: the value itself may be the secret, written in by mistake.
                    ManifestIssue(
                        path, "expected a secret reference, found \(value.kindName)",
                        hint: "use \(SecretReference.forms)")
                ]
            }
            return []
        case (.string, .string(let s)):
            if let allowed = field.allowed, !allowed.contains(s) {
                return [
                    ManifestIssue(
                        path, "expected one of \(allowed.joined(separator: ", ")), found \"\(s)\"",
                        hint: closest(to: s, in: allowed).map { "did you mean \"\($0)\"?" })
                ]
            }
            return []
        case (.int, .number(let n)):
            guard let v = Int(n) else {
                return [ManifestIssue(path, "expected an integer, found \(n)", hint: field.description)]
            }
            if let range = field.range, !range.contains(v) {
                return [
                    ManifestIssue(
                        path, "expected \(range.lowerBound)…\(range.upperBound), found \(n)", hint: field.description)
                ]
            }
            return []
        case (.number, .number), (.bool, .bool), (.object, .object), (.array, .array), (.any, _):
            return []
        default:
            return [
                ManifestIssue(
                    path, "expected \(describe(field.type)), found \(value.kindName)", hint: field.description)
            ]
        }
    }

    static func describe(_ type: FieldType) -> String {
        switch type {
        case .string: return "a string"
        case .int: return "an integer"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .object: return "an object"
        case .array: return "an array"
        case .secret: return "a secret reference"
        case .any: return "a value"
        }
    }
}
