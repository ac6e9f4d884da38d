import MLCCore

/// A range of calendar days in the tenant's clock, both ends included, for products whose change stamp is a
/// date (M3's `LMDT`): days are counted from 1970-01-01. `all` asks for every row of the range in one answer
/// (a single day with more rows than a page).
public struct DayWindow: Sendable, Equatable {
    public var from: Int
    public var to: Int
    public var all = false

    public init(from: Int, to: Int, all: Bool = false) {
        self.from = from
        self.to = to
        self.all = all
    }

    /// The first day a full read asks for: change dates before it (or none at all) are not read by date.
    public static let earliest = day(of: Timestamp(parsing: "1900-01-01T00:00:00Z")!)

    /// The rows a selection asks for, as days: from the day of `since` (the earliest day for a full read) to the
    /// day of `until` (today in the tenant's clock without a settle margin).
    public static func covering(_ selection: IONSelection, offsetSeconds: Double) -> DayWindow {
        guard case .changed(let since, let until) = selection else { return DayWindow(from: earliest, to: earliest) }
        let end = until ?? Timestamp.now().adding(seconds: offsetSeconds)
        return DayWindow(from: since.map(day(of:)) ?? earliest, to: day(of: end))
    }

    public static func day(of t: Timestamp) -> Int {
        let seconds = t.microseconds / 1_000_000
        return Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// A day as `yyyyMMdd` (M3's dates and the EXPORTMI where clause).
    public static func yyyyMMdd(_ day: Int) -> String {
        String(Timestamp(microseconds: Int64(day) * 86_400_000_000).iso8601.prefix(10).filter { $0 != "-" })
    }
}
