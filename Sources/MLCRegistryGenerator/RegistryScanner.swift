/// Finds public connector declarations in Swift source text: a struct, class or enum whose
/// inheritance clause names SourceConnector, SinkConnector or TransformConnector.
public enum RegistryScanner {
    public struct Declaration: Equatable, Comparable {
        public var module: String
        public var name: String
        public static func < (a: Declaration, b: Declaration) -> Bool { (a.module, a.name) < (b.module, b.name) }
    }

    static let protocols: Set<String> = ["SourceConnector", "SinkConnector", "TransformConnector"]

    /// A declaration that names a connector protocol but that the scanner cannot register: the build fails
    /// on it instead of shipping an mlc that silently lacks the connector.
    public struct Problem: Equatable {
        public var line: Int
        public var reason: String
    }

    static let kinds: Set<String> = ["struct", "class", "enum", "actor", "extension"]
    static let modifiers: Set<String> = [
        "public", "open", "internal", "package", "private", "fileprivate", "final", "nonisolated",
    ]

    /// Type declarations (and extensions) whose header names a connector protocol but that `declarations`
    /// does not register: not public, declared in an extension, or a header split over several lines.
    public static func problems(in text: String) -> [Problem] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let registered = Set(declarations(in: text, module: "").map(\.name))
        var problems: [Problem] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: " \t")
            guard !trimmed.hasPrefix("//") else { continue }
            var words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            while let w = words.first, w.hasPrefix("@") || modifiers.contains(w) { words.removeFirst() }
            guard let kind = words.first, kinds.contains(kind), words.count >= 2 else { continue }
            // The header runs to the opening brace, at most a few lines on.
            var header = trimmed
            var end = index
            while !header.contains("{"), end + 1 < lines.count, end < index + 6 {
                end += 1
                header += " " + lines[end].trimmingCharacters(in: " \t")
            }
            let clause = header.prefix { $0 != "{" }
            let named = clause.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map(String.init)
            guard named.contains(where: protocols.contains) else { continue }
            let name = words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            // Default implementations on the protocols themselves are not conformances.
            if kind == "extension", protocols.contains(String(name)) || name == "Connector" { continue }
            if kind == "extension" {
                problems.append(
                    Problem(
                        line: index + 1,
                        reason:
                            "\(name) gets a connector conformance in an extension, which the registry does not read: declare it on the type"
                    ))
            } else if !trimmed.split(separator: " ").contains(where: { $0 == "public" || $0 == "open" }) {
                problems.append(
                    Problem(
                        line: index + 1,
                        reason:
                            "\(name) conforms to a connector protocol but is not public: the registry cannot reference it"
                    ))
            } else if !registered.contains(String(name)) {
                problems.append(
                    Problem(
                        line: index + 1,
                        reason:
                            "the declaration of \(name) is not on one line up to its conformances: the registry cannot read it"
                    ))
            }
        }
        return problems
    }

    public static func declarations(in text: String, module: String) -> [Declaration] {
        var result: [Declaration] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.first == "public" else { continue }
            words.removeFirst()
            while let w = words.first, ["final", "nonisolated"].contains(w) { words.removeFirst() }
            guard let kind = words.first, ["struct", "class", "enum"].contains(kind), words.count >= 2 else { continue }
            let rest = words.dropFirst().joined(separator: " ")
            guard let colon = rest.firstIndex(of: ":") else { continue }
            let name = rest[..<colon].trimmingCharacters(in: " <")
            let inherited = rest[rest.index(after: colon)...].prefix { $0 != "{" }
                .split(separator: ",").map { $0.trimmingCharacters(in: " ") }
            if inherited.contains(where: protocols.contains), !name.isEmpty {
                result.append(Declaration(module: module, name: name))
            }
        }
        return result
    }

    public static func render(_ declarations: [Declaration]) -> String {
        let sorted = declarations.sorted()
        let modules = Set(sorted.map(\.module)).sorted()
        return """
            // Generated by the ConnectorRegistry build plugin from the targets `mlc` depends on. Do not edit.
            import MLCCore
            \(modules.map { "import \($0)" }.joined(separator: "\n"))

            let generatedConnectors: [any Connector.Type] = [
            \(sorted.map { "    \($0.name).self, // \($0.module)" }.joined(separator: "\n"))
            ]

            """
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
