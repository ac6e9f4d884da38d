import MLCCore

/// SyteLine's date-times. Tenants send `yyyyMMdd HH:mm:ss.fff` (the Mongoose runtime's own string form), the
/// SQL form `yyyy-MM-dd HH:mm:ss.fff` or ISO 8601 — which one is unconfirmed publicly, so every form is read
/// and the form written into filters is a setting. RecordDate carries no zone; whether it is UTC or the
/// server's local time is unconfirmed too, so its offset is a setting (default UTC).
struct SyteLineDates {
    /// The literal form of dates in the IDO filter. SQL Server reads all three; `mongoose` is the one no
    /// session language setting can misread.
    enum LiteralForm: String, CaseIterable {
        case mongoose, sql, iso
    }

    let offsetSeconds: Double
    var literalForm: LiteralForm = .mongoose

    /// `t` as a filter literal, in the tenant's time (the configured offset applied).
    func literal(_ t: Timestamp) -> String {
        let iso = t.adding(seconds: offsetSeconds).iso8601
        let date = iso.prefix(10)
        let time = iso.dropFirst(11).prefix(12)
        switch literalForm {
        case .mongoose: return date.filter { $0 != "-" } + " " + time
        case .sql: return date + " " + time
        case .iso: return date + "T" + time
        }
    }

    /// A cursor value as an instant; values with their own zone (ISO 8601 with Z or an offset) keep it.
    func instant(_ text: String) -> Timestamp? {
        guard let t = Timestamp(parsing: text) else { return nil }
        let zoned = text.hasSuffix("Z") || text.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" })
        return zoned ? t : t.adding(seconds: -offsetSeconds)
    }

    /// The modified-at Mongoose writes into `_ItemId` (`PBT=[t] t.DT=[…] t.ID=[…]`): the cursor's fallback
    /// when an item leaves the cursor property out.
    func itemIDInstant(_ itemID: String) -> Timestamp? {
        guard let start = itemID.range(of: ".DT=["), let end = itemID[start.upperBound...].firstIndex(of: "]") else {
            return nil
        }
        return instant(String(itemID[start.upperBound..<end]))
    }

    static func offsetSeconds(_ text: String) -> Double? {
        let parts = text.dropFirst().split(separator: ":")
        guard let sign = text.first, sign == "+" || sign == "-", parts.count == 2, let h = Double(parts[0]),
            let m = Double(parts[1]), h < 15, m < 60
        else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }
}
