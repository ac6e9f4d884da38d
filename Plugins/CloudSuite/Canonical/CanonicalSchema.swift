import MLCCore

/// The canonical finance schema, defined once for all five product lines. Every entity carries `company`
/// (the company, site or finance enterprise group the row belongs to) and its created/modified stamps;
/// amounts are decimals with their currency beside them; a GL account string comes with its dimensions.
public enum CanonicalSchema {
    static let company = CanonicalEntity.Column(
        "company", .string, "company, site or enterprise group the row belongs to (part of the key across lines)")
    static let created = CanonicalEntity.Column("created_at", .timestamp, "when the row was created (UTC)")
    static let modified = CanonicalEntity.Column("modified_at", .timestamp, "when the row was last changed (UTC)")
    static let currency = CanonicalEntity.Column("currency", .string, "ISO 4217 currency of the amounts")
    static let status = CanonicalEntity.Column("status", .string, "the product's status code, as it sends it")

    static func entity(
        _ name: String, _ meaning: String, key: [String], _ columns: [CanonicalEntity.Column]
    ) -> CanonicalEntity {
        CanonicalEntity(
            name: name, meaning: meaning, columns: [company] + columns + [created, modified], key: ["company"] + key)
    }

    static func text(_ name: String, _ meaning: String) -> CanonicalEntity.Column { .init(name, .string, meaning) }
    static func money(_ name: String, _ meaning: String) -> CanonicalEntity.Column { .init(name, .decimal, meaning) }
    static func date(_ name: String, _ meaning: String) -> CanonicalEntity.Column { .init(name, .timestamp, meaning) }

    public static let entities: [CanonicalEntity] = [
        entity(
            "suppliers", "suppliers / vendors / business partners you buy from", key: ["supplier_id"],
            [
                text("supplier_id", "the supplier's number"), text("name", "the supplier's name"), status, currency,
                text("payment_terms", "payment terms code"), text("tax_id", "tax or VAT registration number"),
                text("email", "accounts-payable e-mail address"), text("city", "city of the main address"),
                text("country", "country code of the main address"),
            ]),
        entity(
            "customers", "customers / business partners you sell to", key: ["customer_id", "ship_to"],
            [
                text("customer_id", "the customer's number"),
                text("ship_to", "ship-to or address sequence (empty or 0 for the bill-to)"),
                text("name", "the customer's name"), status, currency,
                money("credit_limit", "credit limit, in the customer's currency"),
                text("city", "city of the main address"), text("country", "country code of the main address"),
            ]),
        entity(
            "items", "items / products", key: ["item_id"],
            [
                text("item_id", "the item number"), text("description", "item description"),
                text("unit_of_measure", "stocking unit of measure"), status,
                money("unit_cost", "standard or current unit cost"),
                text("product_group", "product code, item group or class"),
            ]),
        entity(
            "gl_accounts", "the GL chart of accounts", key: ["account"],
            [
                text("account", "the natural account number"), text("description", "account description"),
                text("account_type", "the product's account type (asset, liability, expense, revenue …)"), status,
            ]),
        entity(
            "gl_dimensions", "GL dimension values: cost centers, accounting units, account segments",
            key: ["dimension", "code"],
            [
                text(
                    "dimension",
                    "the dimension's number after the natural account (SyteLine unit code n, M3 accounting dimension n + 1)"
                ),
                text("code", "the dimension value"), text("description", "what the value stands for"), status,
            ]),
        entity(
            "purchase_orders", "purchase order headers", key: ["po_number"],
            [
                text("po_number", "the purchase order number"), text("supplier_id", "the supplier ordered from"),
                date("order_date", "when the order was placed"), status, currency,
                money("total_amount", "order total in the order's currency"), text("buyer", "the buyer"),
            ]),
        entity(
            "purchase_order_lines", "purchase order lines", key: ["po_number", "line_number", "release"],
            [
                text("po_number", "the purchase order number"), .init("line_number", .int, "the line number"),
                .init("release", .int, "release or sub-line number (0 when the line has none)"),
                text("item_id", "the item ordered"), text("description", "line description"),
                .init("quantity", .decimal, "quantity ordered"), money("unit_price", "price per unit"),
                date("due_date", "when the line is due"), status,
            ]),
        entity(
            "ap_invoices", "posted accounts-payable invoices / vouchers", key: ["invoice_id"],
            [
                text("invoice_id", "the voucher or invoice document number (unique per company)"),
                text("supplier_id", "the supplier invoiced by"),
                text("invoice_number", "the supplier's own invoice number"),
                date("invoice_date", "the invoice date"), date("due_date", "when payment is due"),
                money("amount", "invoice total"), money("tax_amount", "tax on the invoice"),
                money("paid_amount", "amount paid so far"), currency,
                text("po_number", "the purchase order it bills, when any"),
                text("gl_account", "the AP (liability) account it posts to"),
                text("dimension_1", "first GL dimension (cost center / accounting unit)"),
                text("dimension_2", "second GL dimension"), text("description", "free text on the invoice"), status,
            ]),
        entity(
            "ap_invoice_lines", "AP invoice distribution lines", key: ["invoice_id", "line_number"],
            [
                text("invoice_id", "the voucher or invoice document number"),
                text("supplier_id", "the supplier invoiced by"),
                .init("line_number", .int, "the distribution line number"),
                text("gl_account", "the GL account the line posts to"),
                text("dimension_1", "first GL dimension (cost center / accounting unit)"),
                text("dimension_2", "second GL dimension"), money("amount", "line amount"),
            ]),
    ]

    public static func entity(named name: String) -> CanonicalEntity? { entities.first { $0.name == name } }
}
