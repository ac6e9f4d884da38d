import MLCCore

/// `gl.segments`: splits a GL account string ("100-4000-CC10") into named segment columns — the
/// dimensions finance reconciles on (company, natural account, cost center / accounting unit).
public struct GLSegmentsTransform: Transform, TransformConnector {
    public static let type = "gl.segments"
    public static let summary =
        "Split a GL account string into named segments: {\"field\": \"account\", \"separator\": \"-\", \"names\": [\"company\", \"account\", \"cost_center\"]}"
    public static let fields = [
        entityField, ConfigField("field", .string, required: true, "the account string field"),
        ConfigField("separator", .string, required: true, "segment separator, e.g. \"-\" or \".\""),
        ConfigField("names", .array, required: true, "segment column names, in order"),
        ConfigField("prefix", .string, "prefix for the new columns (default: none)"),
    ]

    public let entity: String?
    let field: String
    let separator: String
    let names: [String]

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        if config["separator"]?.stringValue == "" {
            issues.append(ManifestIssue("\(path).separator", "expected a non-empty separator, found \"\""))
        }
        if let names = config["names"]?.arrayValue, names.isEmpty || names.contains(where: { $0.stringValue == nil }) {
            issues.append(ManifestIssue("\(path).names", "expected a non-empty array of column names"))
        }
        return issues
    }

    public static func makeTransform(config: JSON, context: ConnectorContext) throws -> any Transform {
        let prefix = config["prefix"]?.stringValue ?? ""
        return GLSegmentsTransform(
            entity: config["entity"]?.stringValue, field: config["field"]?.stringValue ?? "",
            separator: config["separator"]?.stringValue ?? "-",
            names: (config["names"]?.arrayValue ?? []).compactMap(\.stringValue).map { prefix + $0 })
    }

    public func transform(schema: EntitySchema) throws -> EntitySchema {
        try requireFields([field], in: schema, transform: "gl.segments")
        var s = schema
        for n in names where s.column(n) == nil { s.columns.append(.init(n, .string, "segment of \(field)")) }
        return s
    }

    /// Missing trailing segments become null; extra segments stay in the last named one, so nothing is cut off.
    public func apply(_ record: inout Record) throws {
        guard let text = record.fields[field]?.text else {
            for n in names { record.fields[n] = .null }
            return
        }
        var rest: Substring? = Substring(text)
        for (i, n) in names.enumerated() {
            guard let current = rest else {
                record.fields[n] = .null
                continue
            }
            var part = current
            rest = nil
            if i < names.count - 1, let cut = firstSeparator(in: current) {
                part = current[..<cut.lowerBound]
                rest = current[cut.upperBound...]
            }
            record.fields[n] = part.isEmpty ? .null : .string(String(part))
        }
    }

    /// The first separator in `text`: a byte search for the usual one-byte separators ("-", "."), a
    /// character search otherwise.
    private func firstSeparator(in text: Substring) -> Range<Substring.Index>? {
        if separator.utf8.count == 1, let byte = separator.utf8.first {
            return text.utf8.firstIndex(of: byte).map { $0..<text.utf8.index(after: $0) }
        }
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix(separator) { return i..<text.index(i, offsetBy: separator.count) }
            i = text.index(after: i)
        }
        return nil
    }
}
