import MLCCore

/// Snowflake's `jsonv2` result encoding (reference §4.4): every value is a string (or null) to be read by
/// its column type — NUMBER as decimal text, DATE as days since the epoch, TIME/TIMESTAMP_NTZ/LTZ as
/// seconds with nine decimals, TIMESTAMP_TZ as seconds plus `1440 + offset minutes`.
public enum SnowflakeValues {
    public static func decode(_ text: String?, type: String, scale: Int? = nil) -> Value {
        guard let text else { return .null }
        switch type.lowercased() {
        case "fixed", "number":
            if (scale ?? 0) == 0, let i = Int64(text) { return .int(i) }
            return .decimal(text)
        case "real", "float", "double": return Double(text).map(Value.double) ?? .string(text)
        case "boolean": return .bool(text == "true" || text == "1" || text == "True")
        case "date":
            if let days = Int64(text) { return .timestamp(Timestamp(seconds: days * 86_400)) }
            return Timestamp(parsing: text).map(Value.timestamp) ?? .string(text)
        case "time", "timestamp_ntz", "timestamp_ltz":
            return seconds(text).map(Value.timestamp) ?? Timestamp(parsing: text).map(Value.timestamp) ?? .string(text)
        case "timestamp_tz":
            // The instant is the seconds part; the offset only says how it was written.
            return seconds(String(text.prefix { $0 != " " })).map(Value.timestamp) ?? .string(text)
        default: return .string(text)
        }
    }

    /// `1616173619.123456789` → microseconds, without going through Double.
    static func seconds(_ text: String) -> Timestamp? {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let whole = Int64(parts[0]) else { return nil }
        var micros: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1].prefix(6)
            guard let f = Int64(digits) else { return nil }
            micros = f * Int64(pow10(6 - digits.count))
        }
        return Timestamp(microseconds: whole * 1_000_000 + (whole < 0 ? -micros : micros))
    }

    static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }
}
