import Foundation
import MLCCore

/// An OData `$filter` as far as a read needs it: comparisons (`eq ne gt ge lt le`) of a property with a
/// literal ('text' with '' for a quote, a number, a bare date-time), joined by `and` / `or`, in parentheses.
/// Anything else is refused, as a service refuses what it cannot run.
indirect enum ODataFilter {
    case compare(String, String, String, quoted: Bool)
    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)

    static func parse(_ text: String) throws -> ODataFilter {
        var tokens = try tokenize(text)[...]
        let filter = try expression(&tokens)
        guard tokens.isEmpty else { throw SandboxError("unexpected \(tokens.first!) in $filter") }
        return filter
    }

    /// A property's value on a row, or nil when the set has no such property.
    func holds(_ value: (String) throws -> (String?, ODataSet.Kind)) throws -> Bool {
        switch self {
        case .and(let a, let b): return try a.holds(value) && b.holds(value)
        case .or(let a, let b): return try a.holds(value) || b.holds(value)
        case .compare(let property, let op, let literal, _):
            let (actual, kind) = try value(property)
            guard let actual else { return op == "ne" }
            // A row's value that is not of its kind fails like a literal that is not: the filter cannot run.
            return try ODataValue.typed(actual, kind, property: property)
                .satisfies(op, try ODataValue.typed(literal, kind, property: property))
        }
    }

    enum Token: Equatable, CustomStringConvertible {
        case open, close
        case word(String)
        case text(String)
        var description: String {
            switch self {
            case .open: return "("
            case .close: return ")"
            case .word(let w): return w
            case .text(let t): return "'\(t)'"
            }
        }
    }

    static func tokenize(_ text: String) throws -> [Token] {
        var out: [Token] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == " " {
                i = text.index(after: i)
            } else if c == "(" || c == ")" {
                out.append(c == "(" ? .open : .close)
                i = text.index(after: i)
            } else if c == "'" {
                let (value, end) = try QuotedLiteral.read(text, at: i, quote: "'", in: "$filter")
                out.append(.text(value))
                i = end
            } else {
                var j = i
                while j < text.endIndex, !" ()'".contains(text[j]) { j = text.index(after: j) }
                out.append(.word(String(text[i..<j])))
                i = j
            }
        }
        return out
    }

    static func expression(_ t: inout ArraySlice<Token>) throws -> ODataFilter {
        var left = try conjunction(&t)
        while t.first == .word("or") {
            t.removeFirst()
            left = .or(left, try conjunction(&t))
        }
        return left
    }

    static func conjunction(_ t: inout ArraySlice<Token>) throws -> ODataFilter {
        var left = try factor(&t)
        while t.first == .word("and") {
            t.removeFirst()
            left = .and(left, try factor(&t))
        }
        return left
    }

    static func factor(_ t: inout ArraySlice<Token>) throws -> ODataFilter {
        if t.first == .open {
            t.removeFirst()
            let inner = try expression(&t)
            guard t.popFirst() == .close else { throw SandboxError("a ( is not closed in $filter") }
            return inner
        }
        guard case .word(let property)? = t.popFirst(), case .word(let op)? = t.popFirst(),
            ["eq", "ne", "gt", "ge", "lt", "le"].contains(op), let literal = t.popFirst()
        else { throw SandboxError("expected \"Property op value\" in $filter") }
        switch literal {
        case .text(let text): return .compare(property, op, text, quoted: true)
        case .word(let word): return .compare(property, op, word, quoted: false)
        default: throw SandboxError("expected a value after \(property) \(op)")
        }
    }
}
