import MLCCore

/// How this simulated tenant differs from another: the text form of its date-time values, and the IDO
/// properties its release or customisation removed or added. Real tenants vary on exactly these points
/// (reference: the date form is unconfirmed publicly; property sets vary by release), so the sandbox
/// serves each variant by a switch and the tests run against all of them.
public struct TenantShape: Sendable {
    /// The string form of date-time property values in load answers, `/admin/rows` and `_ItemId`.
    public enum DateForm: String, Sendable, CaseIterable {
        /// `yyyyMMdd HH:mm:ss.fff`: the Mongoose IDO runtime's own string form (the default).
        case mongoose
        /// `yyyy-MM-dd HH:mm:ss.fff`
        case sql
        /// `yyyy-MM-ddTHH:mm:ss.fff` (ISO 8601, zone-less as the other two)
        case iso
        /// `/Date(1710165764003)/`: WCF's JSON date, milliseconds since the epoch in UTC (REST v1 is WCF)
        case wcf
    }

    /// How the tenant spells property names in its answers (`/info`, load items): as the reference lists
    /// them, or in lower or upper case (SQL Server names are case-insensitive; customised IDOs differ).
    public enum PropertyCase: String, Sendable, CaseIterable {
        case cataloged, lower, upper
    }

    /// How load answers list an item's values (reference: Swagger says objects, Infor's own load example lists
    /// `{"Name", "Value"}` pairs, REST v1 lists bare values).
    public enum ItemForm: String, Sendable, CaseIterable {
        /// `{"VendNum": "1001", …, "_ItemId": …}`
        case objects
        /// `[{"Name": "VendNum", "Value": "1001"}, …, {"Name": "_ItemId", "Value": …}]`
        case nameValue
        /// `["1001", …]`: the requested properties' values in their order, no `_ItemId`
        case values
    }

    public var dateForm: DateForm = .mongoose
    public var itemForm: ItemForm = .objects
    /// Whether load answers carry `MoreRowsExist` (absent, a full page is followed by another request).
    public var sendsMoreRowsExist = true
    public var propertyCase: PropertyCase = .cataloged
    /// IDO → catalog properties this tenant does not have (an older release, a removed field).
    public var dropped: [String: [String]] = [:]
    /// IDO → properties this tenant has beyond the catalog (user fields such as `Uf_Rating`).
    public var extra: [String: [String]] = [:]

    public init() {}

    /// Date-time properties of the seeded IDOs, stored internally in the sortable SQL form.
    static let dateTimeProperties: Set<String> = ["RecordDate", "InvDate", "DueDate", "OrderDate"]

    /// A property name as this tenant spells it in answers.
    func spelling(_ property: String) -> String {
        switch propertyCase {
        case .cataloged: return property
        case .lower: return property.lowercased()
        case .upper: return property.uppercased()
        }
    }

    /// The stored (SQL form) value as this tenant sends it.
    func render(_ property: String, _ value: String?) -> String? {
        guard let value, Self.dateTimeProperties.contains(property) else { return value }
        return render(date: value)
    }

    func render(date stored: String) -> String {
        switch dateForm {
        case .sql: return stored
        case .iso: return stored.replacingOccurrences(of: " ", with: "T")
        case .mongoose: return stored.replacingOccurrences(of: "-", with: "")
        case .wcf:
            // The sandbox's tenant clock is UTC: the stored time is the instant.
            return Timestamp(parsing: stored).map { "/Date(\($0.microseconds / 1_000))/" } ?? stored
        }
    }

    /// The date in an `_ItemId` (`DT=[…]`): the tenant's text form, except WCF's, which exists only as a JSON
    /// value; the official example shows the SQL form.
    func render(itemIDDate stored: String) -> String { dateForm == .wcf ? stored : render(date: stored) }

    /// A date literal in any form a tenant accepts (SQL Server reads all three), in the stored form; nil when
    /// it is not a date.
    static func storedDate(_ literal: String) -> String? {
        Timestamp(parsing: literal).map(CanonicalDataset.storedDate)
    }

    /// The properties the tenant's IDO has: the table's, less the dropped, plus the extra ones.
    func properties(of table: IDOTable) -> [String] {
        let dropped = Set(dropped[table.name] ?? [])
        return table.properties.filter { !dropped.contains($0) } + (extra[table.name] ?? [])
    }

    /// A user field's value on a row: deterministic, so tests can read it back.
    static func extraValue(_ property: String, row: [String: String?]) -> String {
        "\(property):\((row["RowPointer"] ?? nil)?.prefix(8) ?? "")"
    }

    /// Parses `IDO=Prop1+Prop2,IDO2=Prop3` (the `mlc sandbox --drop/--extra` form).
    public static func propertyLists(_ text: String) -> [String: [String]]? {
        var out: [String: [String]] = [:]
        for pair in text.split(separator: ",") {
            let kv = pair.split(separator: "=")
            guard kv.count == 2, !kv[1].isEmpty else { return nil }
            out[String(kv[0]), default: []] += kv[1].split(separator: "+").map(String.init)
        }
        return out
    }
}
