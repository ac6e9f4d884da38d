import MLCCore

/// A property's value typed once for comparisons: a number, an instant (microseconds) or a text. A filter whose
/// literals are typed the same way compares a row in a few integer or string comparisons, with nothing parsed.
enum ODataValue: Comparable {
    case number(Double)
    case instant(Int64)
    case text(String)

    /// `text` as a value of `kind`; nil when it is not one (a literal of the wrong kind is the filter's error).
    init?(_ text: String, _ kind: ODataSet.Kind) {
        switch kind {
        case .decimal, .int:
            guard let n = Double(text) else { return nil }
            self = .number(n)
        case .instant, .date:
            guard let t = Timestamp(parsing: text) else { return nil }
            self = .instant(t.microseconds)
        case .string: self = .text(text)
        }
    }

    /// `text` as a value of `kind`, or the filter's error naming the property.
    static func typed(_ text: String, _ kind: ODataSet.Kind, property: String) throws -> ODataValue {
        guard let value = ODataValue(text, kind) else {
            let what = kind == .decimal || kind == .int ? "a number" : "a date-time"
            throw SandboxError("\(text) is not \(what) for \(property)")
        }
        return value
    }

    /// Whether `self op literal` holds (`eq ne gt ge lt le`).
    func satisfies(_ op: String, _ literal: ODataValue) -> Bool {
        switch op {
        case "eq": return self == literal
        case "ne": return self != literal
        case "gt": return self > literal
        case "ge": return self >= literal
        case "lt": return self < literal
        default: return self <= literal
        }
    }
}

extension ODataFilter {
    /// The filter with its literals typed by the properties' kinds, to run over many rows of typed values.
    indirect enum Typed {
        case compare(String, String, ODataValue)
        case and(Typed, Typed)
        case or(Typed, Typed)

        func holds(_ values: [String: ODataValue?]) -> Bool {
            switch self {
            case .and(let a, let b): return a.holds(values) && b.holds(values)
            case .or(let a, let b): return a.holds(values) || b.holds(values)
            case .compare(let property, let op, let literal):
                guard let actual = values[property] ?? nil else { return op == "ne" }
                return actual.satisfies(op, literal)
            }
        }
    }

    func typed(_ kinds: [String: ODataSet.Kind], type: String) throws -> Typed {
        switch self {
        case .and(let a, let b): return .and(try a.typed(kinds, type: type), try b.typed(kinds, type: type))
        case .or(let a, let b): return .or(try a.typed(kinds, type: type), try b.typed(kinds, type: type))
        case .compare(let property, let op, let literal, _):
            guard let kind = kinds[property] else {
                throw SandboxError("Property \(property) does not exist on \(type)")
            }
            return .compare(property, op, try ODataValue.typed(literal, kind, property: property))
        }
    }
}

extension ODataFilter.Typed {
    /// The conditions ANDed at the top.
    var conjuncts: [ODataFilter.Typed] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }

    /// The values this condition asks rows to come after, when it is exactly "the row's `order` fields, as a
    /// tuple, are greater than these": `(a gt x)` or `(a gt x) or (a eq x and (…))` over a prefix of `order`.
    /// A service answers that from its index; the sandbox by a binary search of the ordered rows.
    func after(in order: ArraySlice<String>) -> [ODataValue]? {
        guard let first = order.first else { return nil }
        switch self {
        case .compare(first, "gt", let value): return [value]
        case .or(.compare(first, "gt", let value), .and(.compare(first, "eq", let same), let rest)) where value == same:
            return rest.after(in: order.dropFirst()).map { [value] + $0 }
        default: return nil
        }
    }
}
