/// How one Landmark business class shows a canonical entity (reference §3.3): its list, its fields with their
/// kinds, each read from the canonical row (or composed, as `FinanceCodeBlock` and `GROUP^VENDOR` are), and
/// its key. Written from the reference — never from the adapter's catalog.
struct LandmarkClass {
    typealias Kind = ServedFieldKind
    typealias Context = ServedFieldContext
    typealias Field = ServedField

    let name: String
    let list: String
    let entity: String
    let fields: [Field]
    let key: [String]
    var holds: @Sendable ([String: String?]) -> Bool = { _ in true }

    func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    static func text(_ name: String, _ member: String) -> Field { ServedFields.text(name, member) }
    static func company(_ name: String) -> Field { ServedFields.company(name) }

    static let all: [LandmarkClass] =
        [
            LandmarkClass(
                name: "Vendor", list: "_generic", entity: "suppliers",
                fields: [
                    company("VendorGroup"), text("Vendor", "supplier_id"), text("VendorName", "name"),
                    text("VendorStatus", "status"), text("CurrencyCode", "currency"),
                    text("InvoiceTerms", "payment_terms"), text("TaxID", "tax_id"), text("EmailAddress", "email"),
                    text("PostalAddress.Municipality", "city"), text("PostalAddress.Country", "country"),
                ], key: ["VendorGroup", "Vendor"]),
            LandmarkClass(
                name: "CompanyCustomer", list: "_generic", entity: "customers",
                fields: [
                    company("Company"), text("Customer", "customer_id"), text("CustomerName", "name"),
                    text("Status", "status"), text("CurrencyCode", "currency"),
                    ("CreditLimit", .decimal, { $0("credit_limit") }), text("PostalAddress.Municipality", "city"),
                    text("PostalAddress.Country", "country"),
                ], key: ["Company", "Customer"], holds: { ($0["ship_to"] ?? nil) == "0" }),
            LandmarkClass(
                name: "Item", list: "_generic", entity: "items",
                fields: [
                    company("ItemGroup"), text("Item", "item_id"), text("Description", "description"),
                    text("StockUOM", "unit_of_measure"), text("Status", "status"),
                    ("StandardCost", .decimal, { $0("unit_cost") }), text("ItemClass", "product_group"),
                ], key: ["ItemGroup", "Item"]),
            LandmarkClass(
                name: "GeneralLedgerChartAccount", list: "DetailAccountList", entity: "gl_accounts",
                fields: [
                    company("FinanceEnterpriseGroup"), text("DisplayAccount", "account"),
                    text("GeneralLedgerChartAccount", "account"), text("AccountDescription", "description"),
                    text("AccountType", "account_type"),
                ], key: ["FinanceEnterpriseGroup", "DisplayAccount"]),
            // The sandbox's dimensions 1–4: the accounting unit, then finance dimensions 1–3.
            LandmarkClass(
                name: "AccountingUnit", list: "_generic", entity: "gl_dimensions",
                fields: [
                    company("FinanceEnterpriseGroup"), text("AccountingUnit", "code"),
                    text("Description", "description"),
                ], key: ["FinanceEnterpriseGroup", "AccountingUnit"], holds: { ($0["dimension"] ?? nil) == "1" }),
        ]
        + (1...6).map { n in
            LandmarkClass(
                name: "FinanceDimension\(n)", list: "FinanceDimension\(n)FlatList", entity: "gl_dimensions",
                fields: [
                    company("FinanceEnterpriseGroup"), text("FinanceDimension\(n)", "code"),
                    text("Description", "description"),
                ], key: ["FinanceEnterpriseGroup", "FinanceDimension\(n)"],
                holds: { ($0["dimension"] ?? nil) == String(n + 1) })
        } + [
            LandmarkClass(
                name: "PurchaseOrder", list: "_generic", entity: "purchase_orders",
                fields: [
                    company("Company"), text("PurchaseOrder", "po_number"), text("Vendor", "supplier_id"),
                    ("OrderDate", .date, { $0("order_date") }), text("Status", "status"),
                    text("CurrencyCode", "currency"), ("TotalAmount", .decimal, { $0("total_amount") }),
                    text("Buyer", "buyer"),
                ], key: ["Company", "PurchaseOrder"]),
            LandmarkClass(
                name: "PurchaseOrderLine", list: "_generic", entity: "purchase_order_lines",
                fields: [
                    company("Company"), text("PurchaseOrder", "po_number"),
                    ("PurchaseOrderLine", .int, { $0("line_number") }), text("Item", "item_id"),
                    text("Description", "description"), ("Quantity", .decimal, { $0("quantity") }),
                    ("UnitCost", .decimal, { $0("unit_price") }), ("DeliveryDate", .date, { $0("due_date") }),
                    text("Status", "status"),
                ], key: ["Company", "PurchaseOrder", "PurchaseOrderLine"]),
            LandmarkClass(
                name: "PayablesInvoice", list: "_generic", entity: "ap_invoices",
                fields: [
                    company("Company"), text("Vendor", "supplier_id"), text("Invoice", "invoice_number"),
                    text("Voucher", "invoice_id"), ("InvoiceDate", .date, { $0("invoice_date") }),
                    ("DueDate", .date, { $0("due_date") }), ("InvoiceAmount", .decimal, { $0("amount") }),
                    ("TaxAmount", .decimal, { $0("tax_amount") }), ("PaidAmount", .decimal, { $0("paid_amount") }),
                    text("InvoiceCurrency", "currency"), text("PurchaseOrder", "po_number"),
                    text("Description", "description"), text("Status", "status"),
                ], key: ["Company", "Vendor", "Invoice"]),
            LandmarkClass(
                name: "PayablesInvoiceDistribution", list: "_generic", entity: "ap_invoice_lines",
                fields: [
                    company("Company"), text("Vendor", "supplier_id"),
                    // The header's invoice number (a line past the sized header table gets one of its own).
                    ("Invoice", .text, { c in c("invoice_id").map { c.invoiceNumber($0) ?? "INV-L\($0)" } }),
                    ("DistributionSequence", .int, { $0("line_number") }), text("Voucher", "invoice_id"),
                    ("VendorGroupAndVendor", .text, { c in c("supplier_id").map { "\(c.company)^\($0)" } }),
                    // Ledger|AccountingEntity|AccountingUnit|Account|Dim1|… as the reference shows it.
                    (
                        "FinanceCodeBlock", .text,
                        { c in
                            "CORE|\(c.company)|\(c("dimension_1") ?? "")|\(c("gl_account") ?? "")|\(c("dimension_2") ?? "")|||||||||||0|false"
                        }
                    ), ("DistributionAmount", .decimal, { $0("amount") }),
                ], key: ["Company", "Vendor", "Invoice", "DistributionSequence"]),
        ]
}
