import MLCCore

/// The text forms a product's filter takes date-times in. Which one a tenant's filter reads is often
/// unconfirmed publicly, so a line makes the form a setting; values are read in every form anyway.
public enum DateLiteral: String, CaseIterable, Sendable {
    /// `yyyyMMdd HH:mm:ss.fff` (the Mongoose runtime's own form; M3's dates are its first half).
    case mongoose
    /// `yyyy-MM-dd HH:mm:ss.fff`
    case sql
    /// `yyyy-MM-ddTHH:mm:ss.fff`
    case iso
    /// `yyyyMMddHHmmss` (Landmark's update stamps; whole seconds)
    case compact

    /// `t` (already in the tenant's clock) in this form.
    public func format(_ t: Timestamp) -> String {
        let iso = t.iso8601
        let date = iso.prefix(10)
        let time = iso.dropFirst(11).prefix(12)
        switch self {
        case .mongoose: return date.filter { $0 != "-" } + " " + time
        case .sql: return date + " " + time
        case .iso: return date + "T" + time
        case .compact: return date.filter { $0 != "-" } + time.prefix(8).filter { $0 != ":" }
        }
    }
}
