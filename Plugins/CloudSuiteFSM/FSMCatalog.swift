import CloudSuite
import MLCCore

/// Financials' entities as Landmark business classes and lists (reference §3.3). The class names come from
/// code tested against a live tenant; list names where the reference gives them (`DetailAccountList`,
/// `FinanceDimension{n}FlatList`), the ad-hoc `_generic` list elsewhere. Field names, the `Customer` class and
/// the update stamp's name are **unconfirmed**: every class, list, field, key and cursor is an override, and
/// a field the tenant lacks is a warning. Each row carries its own company (the `Company`, vendor group or
/// finance enterprise group field), so one table holds every company's rows.
enum FSMCatalog {
    /// The update stamp the catalog assumes; `updateStamp` (source) or `cursor` (entity) changes it.
    static let stamp = "UpdateStamp"

    static func entity(
        _ name: String, _ description: String, _ businessClass: String, list: String = "_generic", fields: [String],
        key: [String], types: [String: ColumnType] = [:], productKey: Bool = false, canonical: CanonicalMap
    ) -> IONEntity {
        var map = canonical
        map.assignments.append(CanonicalMap.Assignment(column: "modified_at", origin: .field(stamp)))
        var entity = IONEntity(
            name: name, description: description, locator: .businessClass(businessClass, list: list),
            fields: fields, key: key, cursor: stamp, types: types, canonical: map)
        entity.declaresProductKey = productKey
        return entity
    }

    /// A finance code block's parts (reference §3.2): `Ledger|AccountingEntity|AccountingUnit|Account|Dim1|…`.
    static func codeBlock(_ index: Int) -> CanonicalMap.Origin {
        .part("FinanceCodeBlock", separator: "|", index: index)
    }

    static let dimensions: [IONEntity] =
        [
            entity(
                "accounting_units", "Accounting units (GL dimension 1: cost centers)", "AccountingUnit",
                fields: ["FinanceEnterpriseGroup", "AccountingUnit", "Description"],
                key: ["FinanceEnterpriseGroup", "AccountingUnit"],
                canonical: CanonicalMap(
                    "gl_dimensions", company: false, constants: ["dimension": "1"],
                    fields: [
                        "company": "FinanceEnterpriseGroup", "code": "AccountingUnit", "description": "Description",
                    ]
                ))
        ]
        + (1...6).map { n in
            entity(
                "finance_dimension_\(n)", "Finance dimension \(n) (GL dimension \(n + 1))", "FinanceDimension\(n)",
                list: "FinanceDimension\(n)FlatList",
                fields: ["FinanceEnterpriseGroup", "FinanceDimension\(n)", "Description"],
                key: ["FinanceEnterpriseGroup", "FinanceDimension\(n)"],
                canonical: CanonicalMap(
                    "gl_dimensions", company: false, constants: ["dimension": String(n + 1)],
                    fields: [
                        "company": "FinanceEnterpriseGroup", "code": "FinanceDimension\(n)",
                        "description": "Description",
                    ]))
        }

    static let entities: [IONEntity] =
        [
            entity(
                "suppliers", "Vendors", "Vendor",
                fields: [
                    "VendorGroup", "Vendor", "VendorName", "VendorStatus", "CurrencyCode", "InvoiceTerms", "TaxID",
                    "EmailAddress", "PostalAddress.Municipality", "PostalAddress.Country",
                ], key: ["VendorGroup", "Vendor"],
                canonical: CanonicalMap(
                    "suppliers", company: false,
                    fields: [
                        "company": "VendorGroup", "supplier_id": "Vendor", "name": "VendorName",
                        "status": "VendorStatus",
                        "currency": "CurrencyCode", "payment_terms": "InvoiceTerms", "tax_id": "TaxID",
                        "email": "EmailAddress", "city": "PostalAddress.Municipality",
                        "country": "PostalAddress.Country",
                    ])),
            entity(
                "customers", "Customers (per company)", "CompanyCustomer",
                fields: [
                    "Company", "Customer", "CustomerName", "Status", "CurrencyCode", "CreditLimit",
                    "PostalAddress.Municipality", "PostalAddress.Country",
                ], key: ["Company", "Customer"], types: ["CreditLimit": .decimal],
                canonical: CanonicalMap(
                    "customers", company: false, constants: ["ship_to": "0"],
                    fields: [
                        "company": "Company", "customer_id": "Customer", "name": "CustomerName", "status": "Status",
                        "currency": "CurrencyCode", "credit_limit": "CreditLimit", "city": "PostalAddress.Municipality",
                        "country": "PostalAddress.Country",
                    ])),
            entity(
                "items", "Items (per item group)", "Item",
                fields: ["ItemGroup", "Item", "Description", "StockUOM", "Status", "StandardCost", "ItemClass"],
                key: ["ItemGroup", "Item"], types: ["StandardCost": .decimal],
                canonical: CanonicalMap(
                    "items", company: false,
                    fields: [
                        "company": "ItemGroup", "item_id": "Item", "description": "Description",
                        "unit_of_measure": "StockUOM", "status": "Status", "unit_cost": "StandardCost",
                        "product_group": "ItemClass",
                    ])),
            entity(
                "gl_accounts", "GL chart accounts", "GeneralLedgerChartAccount", list: "DetailAccountList",
                fields: [
                    "FinanceEnterpriseGroup", "DisplayAccount", "GeneralLedgerChartAccount", "AccountDescription",
                    "AccountType",
                ], key: ["FinanceEnterpriseGroup", "DisplayAccount"],
                canonical: CanonicalMap(
                    "gl_accounts", company: false,
                    fields: [
                        "company": "FinanceEnterpriseGroup", "account": "GeneralLedgerChartAccount",
                        "description": "AccountDescription", "account_type": "AccountType",
                    ])),
        ] + dimensions + [
            entity(
                "purchase_orders", "Purchase orders", "PurchaseOrder",
                fields: [
                    "Company", "PurchaseOrder", "Vendor", "OrderDate", "Status", "CurrencyCode", "TotalAmount", "Buyer",
                ], key: ["Company", "PurchaseOrder"], types: ["OrderDate": .timestamp, "TotalAmount": .decimal],
                canonical: CanonicalMap(
                    "purchase_orders", company: false,
                    fields: [
                        "company": "Company", "po_number": "PurchaseOrder", "supplier_id": "Vendor",
                        "order_date": "OrderDate", "status": "Status", "currency": "CurrencyCode",
                        "total_amount": "TotalAmount", "buyer": "Buyer",
                    ])),
            entity(
                "purchase_order_lines", "Purchase order lines", "PurchaseOrderLine",
                fields: [
                    "Company", "PurchaseOrder", "PurchaseOrderLine", "Item", "Description", "Quantity", "UnitCost",
                    "DeliveryDate", "Status",
                ], key: ["Company", "PurchaseOrder", "PurchaseOrderLine"],
                types: [
                    "PurchaseOrderLine": .int, "Quantity": .decimal, "UnitCost": .decimal, "DeliveryDate": .timestamp,
                ],
                canonical: CanonicalMap(
                    "purchase_order_lines", company: false, constants: ["release": "0"],
                    fields: [
                        "company": "Company", "po_number": "PurchaseOrder", "line_number": "PurchaseOrderLine",
                        "item_id": "Item", "description": "Description", "quantity": "Quantity",
                        "unit_price": "UnitCost", "due_date": "DeliveryDate", "status": "Status",
                    ])),
            // Keyed by company, vendor and the vendor's invoice number (reference §3.3); the voucher is the
            // canonical invoice id, so the table keeps the product's key.
            entity(
                "ap_invoices", "Payables invoices", "PayablesInvoice",
                fields: [
                    "Company", "Vendor", "Invoice", "Voucher", "InvoiceDate", "DueDate", "InvoiceAmount", "TaxAmount",
                    "PaidAmount", "InvoiceCurrency", "PurchaseOrder", "Description", "Status",
                ], key: ["Company", "Vendor", "Invoice"],
                types: [
                    "InvoiceDate": .timestamp, "DueDate": .timestamp, "InvoiceAmount": .decimal, "TaxAmount": .decimal,
                    "PaidAmount": .decimal,
                ], productKey: true,
                canonical: CanonicalMap(
                    "ap_invoices", company: false,
                    fields: [
                        "company": "Company", "supplier_id": "Vendor", "invoice_number": "Invoice",
                        "invoice_id": "Voucher", "invoice_date": "InvoiceDate", "due_date": "DueDate",
                        "amount": "InvoiceAmount", "tax_amount": "TaxAmount", "paid_amount": "PaidAmount",
                        "currency": "InvoiceCurrency", "po_number": "PurchaseOrder", "description": "Description",
                        "status": "Status",
                    ])),
            // The distribution's account string and vendor come composite: their parts are the canonical columns.
            entity(
                "ap_invoice_lines", "Payables invoice distributions", "PayablesInvoiceDistribution",
                fields: [
                    "Company", "Vendor", "Invoice", "DistributionSequence", "Voucher", "VendorGroupAndVendor",
                    "FinanceCodeBlock", "DistributionAmount",
                ], key: ["Company", "Vendor", "Invoice", "DistributionSequence"],
                types: ["DistributionSequence": .int, "DistributionAmount": .decimal], productKey: true,
                canonical: CanonicalMap(
                    "ap_invoice_lines", company: false,
                    fields: [
                        "company": "Company", "invoice_id": "Voucher", "line_number": "DistributionSequence",
                        "amount": "DistributionAmount",
                    ],
                    parts: [
                        "supplier_id": .part("VendorGroupAndVendor", separator: "^", index: 1),
                        "dimension_1": codeBlock(2), "gl_account": codeBlock(3), "dimension_2": codeBlock(4),
                    ])),
        ]

    static let catalog = IONCatalog(
        entities: entities,
        locatorFields: [
            ConfigField("businessClass", .string, "the Landmark business class (e.g. PayablesInvoice)"),
            ConfigField("list", .string, "the class's list (e.g. DetailAccountList; _generic: any fields)"),
        ]
    ) { locator, options in
        guard case .businessClass(let bc, let list) = locator else { return locator }
        return .businessClass(
            options["businessClass"]?.stringValue ?? bc, list: options["list"]?.stringValue ?? list)
    }
}
