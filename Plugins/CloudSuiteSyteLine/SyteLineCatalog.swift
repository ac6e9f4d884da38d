import CloudSuite
import MLCCore

/// SyteLine's entities: the IDO of each canonical entity, the properties read and how they fill the canonical
/// columns. Every part can be overridden per entity in the manifest (tenants differ; property names of some
/// IDOs are unconfirmed publicly — see README).
enum SyteLineCatalog {
    static func money(_ names: String...) -> [String: ColumnType] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, .decimal) })
    }

    static func entity(
        _ name: String, _ description: String, ido: String, properties: [String], key: [String],
        types: [String: ColumnType] = [:], canonical: CanonicalMap
    ) -> IONEntity {
        IONEntity(
            name: name, description: description, locator: .ido(ido), fields: properties, key: key,
            cursor: "RecordDate", tieBreaker: ["RowPointer"], types: types, canonical: canonical)
    }

    static let entities: [IONEntity] =
        [
            entity(
                "suppliers", "Suppliers / vendors", ido: "SLVendors",
                properties: [
                    "VendNum", "Name", "CurrCode", "TermsCode", "Stat", "TaxRegNum1", "ExternalEmailAddr", "VadCity",
                    "VadCountry",
                ],
                key: ["VendNum"],
                canonical: CanonicalMap(
                    "suppliers",
                    fields: [
                        "supplier_id": "VendNum", "name": "Name", "status": "Stat", "currency": "CurrCode",
                        "payment_terms": "TermsCode", "tax_id": "TaxRegNum1", "email": "ExternalEmailAddr",
                        "city": "VadCity", "country": "VadCountry", "modified_at": "RecordDate",
                    ])),
            entity(
                "ap_invoices", "Posted AP vouchers / invoices", ido: "SLAptrxps",
                properties: [
                    "VendNum", "Voucher", "InvNum", "InvDate", "DueDate", "InvAmt", "SalesTax", "AmtPaid",
                    "VenCurrCode", "PoNum", "ApAcct", "ApAcctUnit1", "ApAcctUnit2", "Txt",
                ],
                key: ["Voucher"],
                types: money("InvAmt", "SalesTax", "AmtPaid").merging(["InvDate": .timestamp, "DueDate": .timestamp]) {
                    a, _ in a
                },
                canonical: CanonicalMap(
                    "ap_invoices",
                    fields: [
                        "invoice_id": "Voucher", "supplier_id": "VendNum", "invoice_number": "InvNum",
                        "invoice_date": "InvDate", "due_date": "DueDate", "amount": "InvAmt", "tax_amount": "SalesTax",
                        "paid_amount": "AmtPaid", "currency": "VenCurrCode", "po_number": "PoNum",
                        "gl_account": "ApAcct", "dimension_1": "ApAcctUnit1", "dimension_2": "ApAcctUnit2",
                        "description": "Txt", "modified_at": "RecordDate",
                    ])),
            entity(
                "ap_invoice_lines", "AP voucher distribution lines", ido: "SLAptrxds",
                properties: ["VendNum", "Voucher", "DistSeq", "Acct", "AcctUnit1", "AcctUnit2", "Amount"],
                key: ["Voucher", "DistSeq"], types: money("Amount").merging(["DistSeq": .int]) { a, _ in a },
                canonical: CanonicalMap(
                    "ap_invoice_lines",
                    fields: [
                        "invoice_id": "Voucher", "supplier_id": "VendNum", "line_number": "DistSeq",
                        "gl_account": "Acct", "dimension_1": "AcctUnit1", "dimension_2": "AcctUnit2",
                        "amount": "Amount", "modified_at": "RecordDate",
                    ])),
            entity(
                "purchase_orders", "Purchase orders", ido: "SLPos",
                properties: ["PoNum", "VendNum", "OrderDate", "Stat", "VenCurrCode", "PoCost", "Buyer"],
                key: ["PoNum"], types: money("PoCost").merging(["OrderDate": .timestamp]) { a, _ in a },
                canonical: CanonicalMap(
                    "purchase_orders",
                    fields: [
                        "po_number": "PoNum", "supplier_id": "VendNum", "order_date": "OrderDate", "status": "Stat",
                        "currency": "VenCurrCode", "total_amount": "PoCost", "buyer": "Buyer",
                        "modified_at": "RecordDate",
                    ])),
            entity(
                "purchase_order_lines", "Purchase order lines", ido: "SLPoItems",
                properties: [
                    "PoNum", "PoLine", "PoRelease", "Item", "Description", "QtyOrdered", "ItemCost", "DueDate", "Stat",
                ],
                key: ["PoNum", "PoLine", "PoRelease"],
                types: money("QtyOrdered", "ItemCost").merging([
                    "PoLine": .int, "PoRelease": .int, "DueDate": .timestamp,
                ]) { a, _ in a },
                canonical: CanonicalMap(
                    "purchase_order_lines",
                    fields: [
                        "po_number": "PoNum", "line_number": "PoLine", "release": "PoRelease", "item_id": "Item",
                        "description": "Description", "quantity": "QtyOrdered", "unit_price": "ItemCost",
                        "due_date": "DueDate", "status": "Stat", "modified_at": "RecordDate",
                    ])),
            entity(
                "gl_accounts", "GL chart of accounts", ido: "SLChartAlls",
                properties: ["Acct", "Description", "Type", "AccessUnit1", "AccessUnit2"], key: ["Acct"],
                canonical: CanonicalMap(
                    "gl_accounts",
                    fields: [
                        "account": "Acct", "description": "Description", "account_type": "Type",
                        "modified_at": "RecordDate",
                    ])),
        ]
        + (1...4).map { n in
            entity(
                "unit_codes_\(n)", "Unit codes \(n) (cost centers / accounting dimensions)", ido: "SLUnitcd\(n)s",
                properties: ["UnitCode\(n)", "Description"], key: ["UnitCode\(n)"],
                canonical: CanonicalMap(
                    "gl_dimensions", constants: ["dimension": "\(n)"],
                    fields: ["code": "UnitCode\(n)", "description": "Description", "modified_at": "RecordDate"]))
        } + [
            entity(
                "customers", "Customers (bill-to and ship-tos)", ido: "SLCustomers",
                properties: ["CustNum", "CustSeq", "Name", "City", "Country", "CurrCode", "CreditLimit"],
                key: ["CustNum", "CustSeq"], types: money("CreditLimit").merging(["CustSeq": .int]) { a, _ in a },
                canonical: CanonicalMap(
                    "customers",
                    fields: [
                        "customer_id": "CustNum", "ship_to": "CustSeq", "name": "Name", "city": "City",
                        "country": "Country", "currency": "CurrCode", "credit_limit": "CreditLimit",
                        "modified_at": "RecordDate",
                    ])),
            entity(
                "items", "Items", ido: "SLItems",
                properties: ["Item", "Description", "UM", "Stat", "UnitCost", "ProductCode"], key: ["Item"],
                types: money("UnitCost"),
                canonical: CanonicalMap(
                    "items",
                    fields: [
                        "item_id": "Item", "description": "Description", "unit_of_measure": "UM", "status": "Stat",
                        "unit_cost": "UnitCost", "product_group": "ProductCode", "modified_at": "RecordDate",
                    ])),
        ]

    static let catalog = IONCatalog(
        entities: entities, fieldsName: "properties", fieldWord: "property",
        locatorFields: [ConfigField("ido", .string, "the IDO to load (e.g. SLVendors)")]
    ) { locator, options in options["ido"]?.stringValue.map(IONLocator.ido) ?? locator }
}
