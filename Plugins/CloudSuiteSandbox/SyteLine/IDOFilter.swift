/// The subset of the IDO `filter` SQL fragment the sandbox understands: comparisons of a property with a
/// literal (`=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`, `LIKE`, `IS NULL`, `IS NOT NULL`), joined by AND/OR, with
/// parentheses. String literals may be written `'…'` or `N'…'` ('' escapes a quote).
indirect enum IDOFilter {
    case comparison(property: String, op: String, literal: String?)
    case and(IDOFilter, IDOFilter)
    case or(IDOFilter, IDOFilter)

    func matches(_ row: [String: String?]) -> Bool {
        switch self {
        case .and(let a, let b): return a.matches(row) && b.matches(row)
        case .or(let a, let b): return a.matches(row) || b.matches(row)
        case .comparison(let property, let op, let literal):
            let value = row[property] ?? nil
            switch op {
            case "IS NULL": return value == nil
            case "IS NOT NULL": return value != nil
            default: break
            }
            guard let value, let literal else { return false }
            let order = Self.compare(value, literal)
            switch op {
            case "=": return order == 0
            case "<>", "!=": return order != 0
            case "<": return order < 0
            case "<=": return order <= 0
            case ">": return order > 0
            case ">=": return order >= 0
            case "LIKE": return Self.like(value, literal)
            default: return false
            }
        }
    }

    /// Numbers compare as numbers, everything else as text (dates are in sortable form).
    static func compare(_ a: String, _ b: String) -> Int {
        if let x = Double(a), let y = Double(b) { return x < y ? -1 : (x > y ? 1 : 0) }
        return a < b ? -1 : (a > b ? 1 : 0)
    }

    static func like(_ value: String, _ pattern: String) -> Bool {
        let parts = pattern.split(separator: "%", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return value == pattern }
        var rest = Substring(value)
        for (i, part) in parts.enumerated() where !part.isEmpty {
            if i == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
                continue
            }
            if i == parts.count - 1 { return rest.hasSuffix(part) }
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    /// Date-time literals read in any form SQL Server accepts (`yyyyMMdd HH:mm:ss.fff`, the SQL form, ISO 8601)
    /// and compared as instants; one that is no date is refused, as SQL Server refuses it.
    /// `stored` reads a literal into the rows' sortable form (another product's date forms: SX.e's `MM/DD/YY`).
    func readingDates(
        of dateProperties: Set<String>, as stored: (String) -> String? = TenantShape.storedDate
    ) throws -> IDOFilter {
        switch self {
        case .and(let a, let b):
            return .and(
                try a.readingDates(of: dateProperties, as: stored), try b.readingDates(of: dateProperties, as: stored))
        case .or(let a, let b):
            return .or(
                try a.readingDates(of: dateProperties, as: stored), try b.readingDates(of: dateProperties, as: stored))
        case .comparison(let property, let op, let literal):
            guard dateProperties.contains(property), let literal, op != "LIKE" else { return self }
            guard let stored = stored(literal) else {
                throw SandboxError(
                    "Conversion failed when converting date and/or time from character string '\(literal)' (\(property))"
                )
            }
            return .comparison(property: property, op: op, literal: stored)
        }
    }

    /// The filter with its property names resolved (SQL Server matches column names case-insensitively).
    func naming(_ resolve: (String) -> String) -> IDOFilter {
        switch self {
        case .and(let a, let b): return .and(a.naming(resolve), b.naming(resolve))
        case .or(let a, let b): return .or(a.naming(resolve), b.naming(resolve))
        case .comparison(let p, let op, let literal): return .comparison(property: resolve(p), op: op, literal: literal)
        }
    }

    var properties: [String] {
        switch self {
        case .comparison(let p, _, _): return [p]
        case .and(let a, let b), .or(let a, let b): return a.properties + b.properties
        }
    }
}

struct IDOFilterParser {
    private var tokens: [String]
    private var position = 0

    static func parse(_ text: String) throws -> IDOFilter? {
        var parser = IDOFilterParser(tokens: try tokenize(text))
        guard !parser.tokens.isEmpty else { return nil }
        let filter = try parser.parseOr()
        guard parser.position == parser.tokens.count else {
            throw SandboxError("unexpected '\(parser.tokens[parser.position])' in filter")
        }
        return filter
    }

    private mutating func next() -> String? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    private func peek() -> String? { position < tokens.count ? tokens[position] : nil }

    private mutating func parseOr() throws -> IDOFilter {
        var left = try parseAnd()
        while peek()?.uppercased() == "OR" {
            _ = next()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws -> IDOFilter {
        var left = try parseTerm()
        while peek()?.uppercased() == "AND" {
            _ = next()
            left = .and(left, try parseTerm())
        }
        return left
    }

    private mutating func parseTerm() throws -> IDOFilter {
        guard let token = next() else { throw SandboxError("filter ends too early") }
        if token == "(" {
            let inner = try parseOr()
            guard next() == ")" else { throw SandboxError("missing ')' in filter") }
            return inner
        }
        guard token.first.map({ $0.isLetter || $0 == "_" }) == true else {
            throw SandboxError("expected a property name, found '\(token)'")
        }
        guard var op = next()?.uppercased() else { throw SandboxError("filter ends after \(token)") }
        if op == "IS" {
            if peek()?.uppercased() == "NOT" {
                _ = next()
                op = "IS NOT NULL"
            } else {
                op = "IS NULL"
            }
            guard next()?.uppercased() == "NULL" else { throw SandboxError("expected NULL after IS") }
            return .comparison(property: token, op: op, literal: nil)
        }
        guard ["=", "<>", "!=", "<", "<=", ">", ">=", "LIKE"].contains(op) else {
            throw SandboxError("unsupported operator '\(op)'")
        }
        guard let literal = next() else { throw SandboxError("missing value after \(token) \(op)") }
        return .comparison(property: token, op: op, literal: Self.literal(literal))
    }

    /// Quoted tokens keep a leading marker so a literal is never mistaken for a keyword.
    private static func literal(_ token: String) -> String {
        token.hasPrefix("\u{1}") ? String(token.dropFirst()) : token
    }

    static func tokenize(_ text: String) throws -> [String] {
        var tokens: [String] = []
        var chars = Array(text)
        chars.append(" ")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            if c == "'" || ((c == "N" || c == "n") && chars[i + 1] == "'") {
                i += c == "'" ? 1 : 2
                var value = ""
                while true {
                    guard i < chars.count - 1 else { throw SandboxError("unterminated string literal in filter") }
                    if chars[i] == "'" {
                        if chars[i + 1] == "'" {
                            value.append("'")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    value.append(chars[i])
                    i += 1
                }
                tokens.append("\u{1}" + value)
                continue
            }
            if "()".contains(c) {
                tokens.append(String(c))
                i += 1
                continue
            }
            if "<>=!".contains(c) {
                var op = String(c)
                if "<>=".contains(chars[i + 1]) {
                    op.append(chars[i + 1])
                    i += 1
                }
                tokens.append(op)
                i += 1
                continue
            }
            var word = ""
            while i < chars.count, !chars[i].isWhitespace, !"()<>=!'".contains(chars[i]) {
                word.append(chars[i])
                i += 1
            }
            tokens.append(word)
        }
        return tokens
    }
}
