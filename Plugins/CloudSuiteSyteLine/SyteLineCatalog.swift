import MLCCore

/// A canonical entity and the IDO that serves it. Every part can be overridden per entity in the manifest
/// (tenants differ; property names of some IDOs are unconfirmed publicly — see README).
public struct SyteLineEntity: Sendable {
    public var name: String
    public var description: String
    public var ido: String
    public var properties: [String]
    public var key: [String]
    public var cursor: String = "RecordDate"
    /// Column types for properties that are not text (IDO values arrive as strings).
    public var types: [String: ColumnType] = [:]

    public var schema: EntitySchema {
        let columns = requestedProperties.map { EntitySchema.Column($0, type(of: $0)) }
        return EntitySchema(
            name: name, description: "\(description) (IDO \(ido))", columns: columns, primaryKey: key,
            cursorField: cursor)
    }

    /// A property's column type: the cursor is a timestamp, the catalog says the rest (IDO values arrive as strings).
    func type(of property: String) -> ColumnType { property == cursor ? .timestamp : types[property] ?? .string }

    /// Every column: the mapped properties plus the key, the cursor and the row pointer, whatever the list says
    /// (rows must never collapse under an empty key, and the cursor must always be read).
    public var requestedProperties: [String] {
        var out = properties
        for extra in key + [cursor, "RowPointer"] where !out.contains(extra) { out.append(extra) }
        return out
    }
}

public enum SyteLineCatalog {
    static func money(_ names: String...) -> [String: ColumnType] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, .decimal) })
    }

    public static let entities: [SyteLineEntity] =
        [
            SyteLineEntity(
                name: "suppliers", description: "Suppliers / vendors", ido: "SLVendors",
                properties: [
                    "VendNum", "Name", "CurrCode", "TermsCode", "Stat", "TaxRegNum1", "ExternalEmailAddr", "VadCity",
                    "VadCountry",
                ],
                key: ["VendNum"]),
            SyteLineEntity(
                name: "ap_invoices", description: "Posted AP vouchers / invoices", ido: "SLAptrxps",
                properties: [
                    "VendNum", "Voucher", "InvNum", "InvDate", "DueDate", "InvAmt", "SalesTax", "AmtPaid",
                    "VenCurrCode", "PoNum", "ApAcct", "ApAcctUnit1", "ApAcctUnit2", "Txt",
                ],
                key: ["Voucher"],
                types: money("InvAmt", "SalesTax", "AmtPaid").merging(["InvDate": .timestamp, "DueDate": .timestamp]) {
                    a, _ in a
                }),
            SyteLineEntity(
                name: "ap_invoice_lines", description: "AP voucher distribution lines", ido: "SLAptrxds",
                properties: ["VendNum", "Voucher", "DistSeq", "Acct", "AcctUnit1", "AcctUnit2", "Amount"],
                key: ["Voucher", "DistSeq"], types: money("Amount").merging(["DistSeq": .int]) { a, _ in a }),
            SyteLineEntity(
                name: "purchase_orders", description: "Purchase orders", ido: "SLPos",
                properties: ["PoNum", "VendNum", "OrderDate", "Stat", "VenCurrCode", "PoCost", "Buyer"],
                key: ["PoNum"], types: money("PoCost").merging(["OrderDate": .timestamp]) { a, _ in a }),
            SyteLineEntity(
                name: "purchase_order_lines", description: "Purchase order lines", ido: "SLPoItems",
                properties: [
                    "PoNum", "PoLine", "PoRelease", "Item", "Description", "QtyOrdered", "ItemCost", "DueDate", "Stat",
                ],
                key: ["PoNum", "PoLine", "PoRelease"],
                types: money("QtyOrdered", "ItemCost").merging([
                    "PoLine": .int, "PoRelease": .int, "DueDate": .timestamp,
                ]) { a, _ in a }),
            SyteLineEntity(
                name: "gl_accounts", description: "GL chart of accounts", ido: "SLChartAlls",
                properties: ["Acct", "Description", "Type", "AccessUnit1", "AccessUnit2"], key: ["Acct"]),
        ]
        + (1...4).map { n in
            SyteLineEntity(
                name: "unit_codes_\(n)", description: "Unit codes \(n) (cost centers / accounting dimensions)",
                ido: "SLUnitcd\(n)s",
                properties: ["UnitCode\(n)", "Description"], key: ["UnitCode\(n)"])
        } + [
            SyteLineEntity(
                name: "customers", description: "Customers (bill-to and ship-tos)", ido: "SLCustomers",
                properties: ["CustNum", "CustSeq", "Name", "City", "Country", "CurrCode", "CreditLimit"],
                key: ["CustNum", "CustSeq"], types: money("CreditLimit").merging(["CustSeq": .int]) { a, _ in a }),
            SyteLineEntity(
                name: "items", description: "Items", ido: "SLItems",
                properties: ["Item", "Description", "UM", "Stat", "UnitCost", "ProductCode"], key: ["Item"],
                types: money("UnitCost")),
        ]

    /// The catalog entry with the manifest's overrides applied.
    static func resolve(_ request: EntityRequest) -> SyteLineEntity? {
        guard var entity = entities.first(where: { $0.name == request.name }) else { return nil }
        let o = request.options
        if let ido = o["ido"]?.stringValue { entity.ido = ido }
        if let props = o["properties"]?.arrayValue?.compactMap(\.stringValue), !props.isEmpty {
            entity.properties = props
        }
        if let key = o["key"]?.arrayValue?.compactMap(\.stringValue), !key.isEmpty { entity.key = key }
        if let cursor = o["cursor"]?.stringValue { entity.cursor = cursor }
        for m in o["types"]?.objectValue ?? [] {
            if let t = m.value.stringValue.flatMap(ColumnType.init(rawValue:)) { entity.types[m.key] = t }
        }
        return entity
    }
}
