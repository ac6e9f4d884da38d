/// A typed field value. Decimals stay exact text (finance amounts never become `Double`).
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case decimal(String)
    case double(Double)
    case string(String)
    case timestamp(Timestamp)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Text form used for keys, templates and string casts.
    public var text: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .decimal(let d): return d
        case .double(let d): return String(d)
        case .string(let s): return s
        case .timestamp(let t): return t.iso8601
        }
    }

    public var json: JSON {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(String(i))
        case .decimal(let d): return .number(d)
        case .double(let d): return d.isFinite ? .number(String(d)) : .null
        case .string(let s): return .string(s)
        case .timestamp(let t): return .string(t.iso8601)
        }
    }

    public init(json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = Int64(n).map(Value.int) ?? .decimal(n)
        case .string(let s): self = .string(s)
        case .array, .object: self = .string(json.serialized())
        }
    }
}

/// Column types every sink maps to its own (SQLite affinity, Snowflake types).
public enum ColumnType: String, Codable, Sendable, CaseIterable {
    case string, int, decimal, double, bool, timestamp, date, json
}

extension Value {
    /// Converts to the column type, or explains why it cannot.
    public func cast(to type: ColumnType) throws -> Value {
        switch (type, self) {
        case (_, .null), (.string, .string), (.decimal, .decimal), (.int, .int), (.timestamp, .timestamp),
            (.date, .timestamp),
            (.bool, .bool), (.double, .double):
            return self
        default: break
        }
        switch (type, self) {
        case (.string, _), (.json, _): return .string(text ?? "")
        case (.int, .int), (.decimal, .decimal), (.double, .double), (.bool, .bool), (.timestamp, .timestamp):
            return self
        case (.int, .decimal(let d)), (.int, .string(let d)):
            if let i = Int64(d.trimmingSpaces) { return .int(i) }
        case (.int, .double(let d)): if d == d.rounded(), let i = Int64(exactly: d) { return .int(i) }
        case (.int, .bool(let b)): return .int(b ? 1 : 0)
        case (.decimal, .int(let i)): return .decimal(String(i))
        case (.decimal, .double(let d)): return .decimal(String(d))
        case (.decimal, .string(let s)):
            if let d = Value.normalizedDecimal(s.trimmingSpaces) { return .decimal(d) }
        case (.double, .int(let i)): return .double(Double(i))
        case (.double, .decimal(let s)), (.double, .string(let s)):
            if let d = Double(s.trimmingSpaces) { return .double(d) }
        case (.bool, .int(let i)): return .bool(i != 0)
        case (.bool, .string(let s)):
            switch s.trimmingSpaces.lowercased() {
            case "true", "1", "yes", "y", "t": return .bool(true)
            case "false", "0", "no", "n", "f": return .bool(false)
            default: break
            }
        case (.timestamp, .string(let s)), (.date, .string(let s)):
            if let t = Timestamp(parsing: s.trimmingSpaces) { return .timestamp(t) }
        case (.date, .timestamp): return self
        default: break
        }
        throw CastError(value: self, type: type)
    }

    /// Accepts `-12.50`, `1e3` is refused: amounts from ERPs are plain decimals.
    static func normalizedDecimal(_ s: String) -> String? {
        var sawDigit = false
        var sawDot = false
        for (i, c) in s.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if i != 0 { return nil }
            case UInt8(ascii: "."):
                if sawDot { return nil }
                sawDot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            default: return nil
            }
        }
        return sawDigit ? (s.hasPrefix("+") ? String(s.dropFirst()) : s) : nil
    }
}

public struct CastError: Error, CustomStringConvertible {
    public var value: Value
    public var type: ColumnType
    public var description: String { "cannot cast \(value.text.map { "'\($0)'" } ?? "null") to \(type.rawValue)" }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
