import MLCCore

/// The rows a run asks for: modified at or after `cursor − lookback` (ties on the boundary are re-read, never
/// lost) and, with a settle margin, before `now − settle` (rows still being written are left for the next
/// run). Times are in the tenant's clock — its offset from UTC is a setting, since several products store
/// zone-less local times — so a product line only formats the literals.
public struct IncrementalWindow: Sendable {
    public var lookback: Double
    public var settle: Double
    /// The tenant's stored times are UTC + this many seconds.
    public var offsetSeconds: Double

    public init(lookback: Double, settle: Double, offsetSeconds: Double) {
        self.lookback = lookback
        self.settle = settle
        self.offsetSeconds = offsetSeconds
    }

    /// The lower bound in tenant time, or nil for a full read.
    public func since(_ cursor: Cursor?) -> Timestamp? {
        cursor?.modifiedTimestamp.map { tenantTime($0.adding(seconds: -lookback)) }
    }

    /// The upper bound in tenant time, or nil without a settle margin.
    public func until(now: Timestamp = .now()) -> Timestamp? {
        settle > 0 ? tenantTime(now.adding(seconds: -settle)) : nil
    }

    /// An instant as the tenant's clock shows it.
    public func tenantTime(_ t: Timestamp) -> Timestamp { t.adding(seconds: offsetSeconds) }

    /// A value the tenant sent as an instant: a value with its own zone (ISO 8601 with Z or an offset, WCF's
    /// `/Date(ms)/`, always UTC) keeps it; a zone-less one is in the tenant's clock.
    public func instant(_ text: String) -> Timestamp? {
        guard let t = Timestamp(parsing: text) else { return nil }
        return Timestamp.namesZone(text) || text.hasPrefix("/Date(") ? t : t.adding(seconds: -offsetSeconds)
    }

    /// `+01:00` / `-05:30` as seconds; nil when it is not an offset.
    public static func offsetSeconds(_ text: String) -> Double? {
        let parts = text.dropFirst().split(separator: ":")
        guard let sign = text.first, sign == "+" || sign == "-", parts.count == 2, let h = Double(parts[0]),
            let m = Double(parts[1]), h < 15, m < 60
        else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }
}
