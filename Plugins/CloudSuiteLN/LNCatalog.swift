import CloudSuite
import MLCCore

/// LN's entities through its OData REST services (reference §2.2). Purchase orders and lines are documented
/// (`tdapi.purPurchaseOrder`); items follow third-party code (`tdapi.tcmcsItems`); the business-partner and
/// finance services and the modified property are **unconfirmed**, and services are activated (and often
/// modelled) per customer, so every service, set, key, cursor and field list is an override. Business
/// partners serve two canonical entities by role: the buy-from partner is the supplier, the sold-to partner
/// the customer (its bill-to: `ship_to` "0").
enum LNCatalog {
    /// The modified property the catalog assumes; `modifiedProperty` (source) or `cursor` (entity) changes it.
    static let modified = "LastModifiedDateTime"

    static func entity(
        _ name: String, _ description: String, _ service: String, _ set: String, fields: [String], key: [String],
        types: [String: ColumnType] = [:], canonical: CanonicalMap
    ) -> IONEntity {
        var map = canonical
        map.assignments.append(CanonicalMap.Assignment(column: "modified_at", origin: .field(modified)))
        return IONEntity(
            name: name, description: description, locator: .odata(service: service, set: set),
            fields: fields, key: key, cursor: modified, types: types, canonical: map)
    }

    static let entities: [IONEntity] = [
        entity(
            "suppliers", "Suppliers (buy-from business partners)", "tcapi.comBuyFromBusinessPartner",
            "BuyFromBusinessPartners",
            fields: [
                "BusinessPartner", "Name", "Status", "Currency", "PaymentTerms", "TaxNumber", "Email", "City",
                "Country",
            ], key: ["BusinessPartner"],
            canonical: CanonicalMap(
                "suppliers",
                fields: [
                    "supplier_id": "BusinessPartner", "name": "Name", "status": "Status", "currency": "Currency",
                    "payment_terms": "PaymentTerms", "tax_id": "TaxNumber", "email": "Email", "city": "City",
                    "country": "Country",
                ])),
        entity(
            "customers", "Customers (sold-to business partners)", "tcapi.comSoldToBusinessPartner",
            "SoldToBusinessPartners",
            fields: ["BusinessPartner", "Name", "Status", "Currency", "CreditLimit", "City", "Country"],
            key: ["BusinessPartner"], types: ["CreditLimit": .decimal],
            canonical: CanonicalMap(
                "customers", constants: ["ship_to": "0"],
                fields: [
                    "customer_id": "BusinessPartner", "name": "Name", "status": "Status", "currency": "Currency",
                    "credit_limit": "CreditLimit", "city": "City", "country": "Country",
                ])),
        entity(
            "items", "Items", "tdapi.tcmcsItems", "Items",
            fields: ["Item", "Description", "InventoryUnit", "Status", "StandardCost", "ItemGroup"], key: ["Item"],
            types: ["StandardCost": .decimal],
            canonical: CanonicalMap(
                "items",
                fields: [
                    "item_id": "Item", "description": "Description", "unit_of_measure": "InventoryUnit",
                    "status": "Status", "unit_cost": "StandardCost", "product_group": "ItemGroup",
                ])),
        entity(
            "gl_accounts", "GL ledger accounts", "finapi.accAccount", "Accounts",
            fields: ["LedgerAccount", "Description", "AccountType"], key: ["LedgerAccount"],
            canonical: CanonicalMap(
                "gl_accounts",
                fields: ["account": "LedgerAccount", "description": "Description", "account_type": "AccountType"])),
        // LN's dimensions 1…12 in one set: the dimension type is the canonical dimension number.
        entity(
            "dimensions", "GL dimensions (cost centers, departments … by dimension type)", "finapi.accDimension",
            "Dimensions", fields: ["DimensionType", "Dimension", "Description"], key: ["DimensionType", "Dimension"],
            canonical: CanonicalMap(
                "gl_dimensions",
                fields: ["dimension": "DimensionType", "code": "Dimension", "description": "Description"])),
        entity(
            "purchase_orders", "Purchase orders", "tdapi.purPurchaseOrder", "Orders",
            fields: [
                "PurchaseOrder", "BuyfromBusinessPartner", "OrderDate", "Status", "Currency", "OrderAmount", "Buyer",
            ],
            key: ["PurchaseOrder"], types: ["OrderDate": .timestamp, "OrderAmount": .decimal],
            canonical: CanonicalMap(
                "purchase_orders",
                fields: [
                    "po_number": "PurchaseOrder", "supplier_id": "BuyfromBusinessPartner", "order_date": "OrderDate",
                    "status": "Status", "currency": "Currency", "total_amount": "OrderAmount", "buyer": "Buyer",
                ])),
        entity(
            "purchase_order_lines", "Purchase order lines", "tdapi.purPurchaseOrder", "Lines",
            fields: [
                "PurchaseOrder", "Line", "Sequence", "Item", "Description", "OrderedQuantity", "Price",
                "PlannedReceiptDate", "Status",
            ], key: ["PurchaseOrder", "Line", "Sequence"],
            types: [
                "Line": .int, "Sequence": .int, "OrderedQuantity": .decimal, "Price": .decimal,
                "PlannedReceiptDate": .timestamp,
            ],
            canonical: CanonicalMap(
                "purchase_order_lines",
                fields: [
                    "po_number": "PurchaseOrder", "line_number": "Line", "release": "Sequence", "item_id": "Item",
                    "description": "Description", "quantity": "OrderedQuantity", "unit_price": "Price",
                    "due_date": "PlannedReceiptDate", "status": "Status",
                ])),
    ]

    static let catalog = IONCatalog(
        entities: entities,
        locatorFields: [
            ConfigField("service", .string, "the OData service (e.g. tdapi.purPurchaseOrder)"),
            ConfigField("set", .string, "the entity set of the service (e.g. Orders)"),
        ]
    ) { locator, options in
        guard case .odata(let service, let set) = locator else { return locator }
        return .odata(
            service: options["service"]?.stringValue ?? service, set: options["set"]?.stringValue ?? set)
    }

    /// No public LN OData service serves posted AP invoices (reference §2.2).
    static let unserved: [String: String] = [
        "ap_invoices":
            "no public LN OData service lists posted AP invoices; model one in the REST API Modeler (ttadv2570m700), or publish SupplierInvoice BODs / read the Data Lake",
        "ap_invoice_lines":
            "no public LN OData service lists AP invoice lines; the alternatives are those of ap_invoices",
    ]
}
