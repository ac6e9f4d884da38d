/// How an IDO shows a canonical entity: its properties, each read from a canonical member, the rows it
/// holds (SyteLine's four unit-code IDOs each hold one GL dimension), and its key. Written from the
/// reference's IDO property lists — never from the adapter's catalog.
struct IDOView {
    let ido: String
    let entity: String
    /// IDO property → canonical member; `RecordDate` and `RowPointer` are every IDO's.
    let properties: KeyValuePairs<String, String>
    let keys: [String]
    var holds: @Sendable ([String: String?]) -> Bool = { _ in true }

    static let all: [IDOView] =
        [
            IDOView(
                ido: "SLVendors", entity: "suppliers",
                properties: [
                    "VendNum": "supplier_id", "Name": "name", "CurrCode": "currency", "TermsCode": "payment_terms",
                    "Stat": "status", "TaxRegNum1": "tax_id", "ExternalEmailAddr": "email", "VadCity": "city",
                    "VadCountry": "country",
                ], keys: ["VendNum"]),
            IDOView(
                ido: "SLAptrxps", entity: "ap_invoices",
                properties: [
                    "VendNum": "supplier_id", "Voucher": "invoice_id", "InvNum": "invoice_number",
                    "InvDate": "invoice_date", "DueDate": "due_date", "InvAmt": "amount", "SalesTax": "tax_amount",
                    "AmtPaid": "paid_amount", "VenCurrCode": "currency", "PoNum": "po_number", "ApAcct": "gl_account",
                    "ApAcctUnit1": "dimension_1", "ApAcctUnit2": "dimension_2", "Txt": "description",
                ], keys: ["Voucher"]),
            IDOView(
                ido: "SLAptrxds", entity: "ap_invoice_lines",
                properties: [
                    "VendNum": "supplier_id", "Voucher": "invoice_id", "DistSeq": "line_number", "Acct": "gl_account",
                    "AcctUnit1": "dimension_1", "AcctUnit2": "dimension_2", "Amount": "amount",
                ], keys: ["Voucher", "DistSeq"]),
            IDOView(
                ido: "SLPos", entity: "purchase_orders",
                properties: [
                    "PoNum": "po_number", "VendNum": "supplier_id", "OrderDate": "order_date", "Stat": "status",
                    "VenCurrCode": "currency", "PoCost": "total_amount", "Buyer": "buyer",
                ], keys: ["PoNum"]),
            IDOView(
                ido: "SLPoItems", entity: "purchase_order_lines",
                properties: [
                    "PoNum": "po_number", "PoLine": "line_number", "PoRelease": "release", "Item": "item_id",
                    "Description": "description", "QtyOrdered": "quantity", "ItemCost": "unit_price",
                    "DueDate": "due_date", "Stat": "status",
                ], keys: ["PoNum", "PoLine", "PoRelease"]),
            IDOView(
                ido: "SLChartAlls", entity: "gl_accounts",
                properties: [
                    "Acct": "account", "Description": "description", "Type": "account_type",
                    "AccessUnit1": "x_access_unit_1", "AccessUnit2": "x_access_unit_2",
                ], keys: ["Acct"]),
        ]
        + (1...4).map { n in
            IDOView(
                ido: "SLUnitcd\(n)s", entity: "gl_dimensions",
                properties: ["UnitCode\(n)": "code", "Description": "description"], keys: ["UnitCode\(n)"],
                holds: { ($0["dimension"] ?? nil) == "\(n)" })
        } + [
            IDOView(
                ido: "SLCustomers", entity: "customers",
                properties: [
                    "CustNum": "customer_id", "CustSeq": "ship_to", "Name": "name", "City": "city",
                    "Country": "country", "CurrCode": "currency", "CreditLimit": "credit_limit",
                ], keys: ["CustNum", "CustSeq"]),
            IDOView(
                ido: "SLItems", entity: "items",
                properties: [
                    "Item": "item_id", "Description": "description", "UM": "unit_of_measure", "Stat": "status",
                    "UnitCost": "unit_cost", "ProductCode": "product_group",
                ], keys: ["Item"]),
        ]

    /// The IDO's rows from the canonical ones, with the canonical row each came from.
    func table(_ dataset: CanonicalDataset) -> IDOTable {
        let table = IDOTable(name: ido, properties: properties.map(\.key), keys: keys)
        let source = dataset.tables[entity]?.rows ?? []
        for (i, row) in source.enumerated() where holds(row) {
            var native: [String: String?] = [
                "RecordDate": row["modified_at"] ?? nil, "RowPointer": row["row_id"] ?? nil,
            ]
            for (property, member) in properties { native[property] = row[member] ?? nil }
            table.rows.append(native)
            table.canonicalRows.append(i)
        }
        return table
    }

    /// A change given in IDO properties, in canonical members.
    func canonical(_ set: [String: String?]) -> [String: String?] {
        var out: [String: String?] = [:]
        for (k, v) in set { if let member = properties.first(where: { $0.key == k })?.value { out[member] = v } }
        return out
    }
}
