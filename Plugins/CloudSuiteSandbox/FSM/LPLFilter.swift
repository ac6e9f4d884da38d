/// An `_lplFilter` as far as a read needs it (reference §3.1): `Field op "text"` with `= != <> >= > <= <`,
/// joined by `and` / `or`, in parentheses. It is rewritten into the OData form `ODataFilter` already
/// evaluates, so both sandbox lines compare values one way. A tenant that takes only equality (the reference
/// leaves range support unconfirmed) refuses the range operators.
enum LPLFilter {
    static let operators = ["=": "eq", "!=": "ne", "<>": "ne", ">=": "ge", ">": "gt", "<=": "le", "<": "lt"]

    static func parse(_ text: String, ranges: Bool) throws -> ODataFilter {
        var out: [String] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == " " {
                i = text.index(after: i)
            } else if c == "(" || c == ")" {
                out.append(String(c))
                i = text.index(after: i)
            } else if c == "\"" {
                let (value, end) = try QuotedLiteral.read(text, at: i, quote: "\"", in: "_lplFilter")
                out.append("'" + value.replacingOccurrences(of: "'", with: "''") + "'")
                i = end
            } else if "=!<>".contains(c) {
                var j = i
                while j < text.endIndex, "=!<>".contains(text[j]) { j = text.index(after: j) }
                let op = String(text[i..<j])
                guard let odata = operators[op] else {
                    throw SandboxError("Invalid _lplFilter: unknown operator \(op)")
                }
                guard ranges || odata == "eq" || odata == "ne" else {
                    throw SandboxError("Invalid _lplFilter: operator \(op) is not supported")
                }
                out.append(odata)
                i = j
            } else {
                var j = i
                while j < text.endIndex, !" ()\"=!<>".contains(text[j]) { j = text.index(after: j) }
                let word = String(text[i..<j])
                out.append(["and", "or"].contains(word.lowercased()) ? word.lowercased() : word)
                if word.lowercased() == "like" { throw SandboxError("Invalid _lplFilter: like is not served here") }
                i = j
            }
        }
        return try ODataFilter.parse(out.joined(separator: " "))
    }
}
