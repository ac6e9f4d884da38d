import Foundation

/// An `EXPORTMI/Select` query (reference §1.3): `F1, F2 from TABLE where F3 >= 20250101 and (F4 = 'x')` —
/// one table, a field list and conditions joined by `and`, each a field, a comparison and a number or a
/// quoted text. Anything else is refused, as M3 refuses what it cannot run.
struct ExportQuery {
    struct Condition {
        var field: String
        var op: String
        var value: String
        var quoted: Bool

        func holds(_ actual: String) -> Bool {
            let a = actual.trimmingCharacters(in: .whitespaces)
            let order: ComparisonResult
            if !quoted, let x = Double(a), let y = Double(value) {
                order = x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
            } else {
                order = a < value ? .orderedAscending : a > value ? .orderedDescending : .orderedSame
            }
            switch op {
            case "=": return order == .orderedSame
            case "<>": return order != .orderedSame
            case ">=": return order != .orderedAscending
            case "<=": return order != .orderedDescending
            case ">": return order == .orderedDescending
            default: return order == .orderedAscending
            }
        }
    }

    var fields: [String]
    var table: String
    var conditions: [Condition]

    init(_ text: String) throws {
        guard let from = text.range(of: " from ", options: .caseInsensitive) else {
            throw SandboxError("QERY must be \"fields from TABLE [where …]\"")
        }
        fields = text[..<from.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let rest = text[from.upperBound...]
        let whereRange = rest.range(of: " where ", options: .caseInsensitive)
        table = String(rest[..<(whereRange?.lowerBound ?? rest.endIndex)]).trimmingCharacters(in: .whitespaces)
        conditions = []
        guard let whereRange else { return }
        for term in rest[whereRange.upperBound...].components(separatedBy: " and ") {
            let bare = term.trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
            guard let op = [">=", "<=", "<>", "=", ">", "<"].first(where: { bare.contains($0) }),
                let at = bare.range(of: op)
            else { throw SandboxError("cannot read the condition \"\(term)\"") }
            var value = bare[at.upperBound...].trimmingCharacters(in: .whitespaces)
            let quoted = value.hasPrefix("'") && value.hasSuffix("'") && value.count >= 2
            if quoted { value = String(value.dropFirst().dropLast()) }
            conditions.append(
                Condition(
                    field: bare[..<at.lowerBound].trimmingCharacters(in: .whitespaces), op: op, value: value,
                    quoted: quoted))
        }
    }
}
