import CloudSuite
import MLCCore

/// Distribution's entities (reference §4.2–4.3): the SXAPI list calls the Swagger documents for vendors,
/// customers, products and purchase orders — field names from its response models, no change stamp, so these
/// are read whole each run — and `FetchWhere` table reads for what no list call serves (PO lines, AP
/// invoices, GL accounts), incremental by the `transdt`/`transtm` audit columns. The table and column names
/// are **unconfirmed**: every table, field, key and cursor is an override, and a field a table lacks is
/// simply absent from its rows.
enum SXCatalog {
    /// An SXAPI list call: its name as the Swagger spells it (lower case) and in the camel case some tenants
    /// use, the row table in the response, the request input it restarts from and the row field that feeds it.
    struct ListCall {
        let lower: String
        let camel: String
        let restartInput: String
        let restartField: String
        /// Inputs every call carries besides the company, operator, record limit and restart.
        let inputs: [JSONMember]
        /// The restart input is a number (`vendorNumber`), not a text (`productCode`).
        var numericRestart = true
    }

    static let calls: [String: ListCall] = [
        "suppliers": ListCall(
            lower: "sxapiapgetvendorlistv2", camel: "sxapiAPGetVendorListV2", restartInput: "vendorNumber",
            restartField: "vendno",
            inputs: [
                JSONMember("name", ""), JSONMember("lookupName", ""), JSONMember("inactiveFlag", .bool(true)),
                JSONMember("sort", ""),
                JSONMember("tInfieldvalue", .object([JSONMember("t-infieldvalue", .array([]))])),
            ]),
        "customers": ListCall(
            lower: "sxapiargetcustomerlistv3", camel: "sxapiARGetCustomerListV3", restartInput: "customerNumber",
            restartField: "custNo",
            inputs: [
                JSONMember("name", ""), JSONMember("lookupName", ""),
                JSONMember("includeInactiveCustomers", .bool(true)),
                JSONMember("sort", ""),
            ]),
        "items": ListCall(
            lower: "sxapiicgetproductlistv3", camel: "sxapiICGetProductListV3", restartInput: "productCode",
            restartField: "prod", inputs: [JSONMember("includeInactiveRecords", .bool(true))], numericRestart: false),
        "purchase_orders": ListCall(
            lower: "sxapipogetlistofpurchaseordersv3", camel: "sxapiPOGetListofPurchaseOrdersV3",
            restartInput: "beginningPurchaseOrderNumber", restartField: "pono",
            inputs: [JSONMember("sort1", ""), JSONMember("sort2", "")]),
    ]

    /// Reference numbers SX sends as 0 when there is none (an invoice without a PO): null in the typed columns.
    /// Amounts and quantities of 0 stay 0 — SX cannot tell "none" from zero there, and neither can mlc.
    static let zeroIsNone: [String: Set<String>] = ["ap_invoices": ["pono"]]

    /// The audit columns of table reads.
    static let changeDate = "transdt"

    static func list(
        _ name: String, _ description: String, fields: [String], key: [String], types: [String: ColumnType],
        canonical: CanonicalMap
    ) -> IONEntity {
        IONEntity(
            name: name, description: description, locator: .sxe(calls[name]!.lower), fields: fields, key: key,
            cursor: nil, types: types, canonical: canonical)
    }

    static func table(
        _ name: String, _ description: String, _ table: String, fields: [String], key: [String],
        types: [String: ColumnType], productKey: Bool = false, canonical: CanonicalMap
    ) -> IONEntity {
        var map = canonical
        map.assignments.append(CanonicalMap.Assignment(column: "modified_at", origin: .field(changeDate)))
        var entity = IONEntity(
            name: name, description: description, locator: .table(table), fields: fields + ["transtm"], key: key,
            cursor: changeDate, types: types, canonical: map)
        entity.declaresProductKey = productKey
        return entity
    }

    static let entities: [IONEntity] = [
        list(
            "suppliers", "Vendors (sxapiapgetvendorlistv2)", fields: ["vendno", "name", "city", "state", "zipCd"],
            key: ["vendno"], types: ["vendno": .int],
            canonical: CanonicalMap("suppliers", fields: ["supplier_id": "vendno", "name": "name", "city": "city"])),
        {
            // The bill-to row's ship-to is "": a key of its own, kept as SX sends it.
            var customers = list(
                "customers", "Customers and their ship-tos (sxapiargetcustomerlistv3)",
                fields: ["custNo", "shipTo", "name", "city", "state", "zipCd"], key: ["custNo", "shipTo"],
                types: ["custNo": .int],
                canonical: CanonicalMap(
                    "customers", fields: ["customer_id": "custNo", "ship_to": "shipTo", "name": "name", "city": "city"])
            )
            customers.emptyKeyFields = ["shipTo"]
            return customers
        }(),
        list(
            "items", "Products (sxapiicgetproductlistv3)",
            fields: ["prod", "descrip1", "descrip2", "prodCat", "statustype", "unitstock"], key: ["prod"], types: [:],
            canonical: CanonicalMap(
                "items",
                fields: [
                    "item_id": "prod", "description": "descrip1", "product_group": "prodCat", "status": "statustype",
                    "unit_of_measure": "unitstock",
                ])),
        list(
            "purchase_orders", "Purchase orders (sxapipogetlistofpurchaseordersv3)",
            fields: ["pono", "posuf", "vendno", "buyer", "orderdt", "duedt", "whse"], key: ["pono", "posuf"],
            types: ["pono": .int, "posuf": .int, "vendno": .int, "orderdt": .timestamp, "duedt": .timestamp],
            canonical: CanonicalMap(
                "purchase_orders",
                fields: ["po_number": "pono", "supplier_id": "vendno", "order_date": "orderdt", "buyer": "buyer"])),
        table(
            "purchase_order_lines", "Purchase order lines (FetchWhere poel)", "poel",
            fields: ["pono", "posuf", "lineno", "shipprod", "proddesc", "qtyord", "price", "duedt", "statustype"],
            key: ["pono", "posuf", "lineno"],
            types: [
                "pono": .int, "posuf": .int, "lineno": .int, "qtyord": .decimal, "price": .decimal, "duedt": .timestamp,
            ],
            canonical: CanonicalMap(
                "purchase_order_lines",
                fields: [
                    "po_number": "pono", "release": "posuf", "line_number": "lineno", "item_id": "shipprod",
                    "description": "proddesc", "quantity": "qtyord", "unit_price": "price", "due_date": "duedt",
                    "status": "statustype",
                ])),
        table(
            "ap_invoices", "AP invoices (FetchWhere apet)", "apet",
            fields: [
                "jrnlno", "setno", "vendno", "apinvno", "invdt", "duedt", "amount", "taxamt", "paymtamt", "currencyty",
                "pono", "refer", "statustype",
            ],
            // A journal holds many entries: its number with the entry's set number is one invoice.
            key: ["jrnlno", "setno"],
            types: [
                "jrnlno": .int, "setno": .int, "vendno": .int, "invdt": .timestamp, "duedt": .timestamp,
                "amount": .decimal,
                "taxamt": .decimal, "paymtamt": .decimal, "pono": .int,
            ], productKey: true,
            canonical: CanonicalMap(
                "ap_invoices",
                fields: [
                    "invoice_id": "jrnlno", "supplier_id": "vendno", "invoice_number": "apinvno",
                    "invoice_date": "invdt", "due_date": "duedt", "amount": "amount", "tax_amount": "taxamt",
                    "paid_amount": "paymtamt", "currency": "currencyty", "po_number": "pono", "description": "refer",
                    "status": "statustype",
                ])),
        table(
            "gl_accounts", "GL accounts (FetchWhere glsa)", "glsa", fields: ["glno", "descrip", "accttype"],
            key: ["glno"], types: [:],
            canonical: CanonicalMap(
                "gl_accounts", fields: ["account": "glno", "description": "descrip", "account_type": "accttype"])),
    ]

    static let catalog = IONCatalog(
        entities: entities,
        locatorFields: [
            ConfigField(
                "call", .string,
                "the SXAPI list call (one of the catalog's: \(calls.values.map(\.lower).sorted().joined(separator: ", ")))"
            ),
            ConfigField("table", .string, "the SX table a FetchWhere entity reads (e.g. apet)"),
        ]
    ) { locator, options in
        if case .table(let table) = locator { return .table(options["table"]?.stringValue ?? table) }
        if case .sxe(let call) = locator { return .sxe(options["call"]?.stringValue ?? call) }
        return locator
    }

    /// What no SXAPI call and no table of the catalog serves (reference §4.2).
    static let unserved: [String: String] = [
        "ap_invoice_lines":
            "no SXAPI call reads AP invoice distributions and their SX table is unconfirmed; FetchWhere reads any table, so once the tenant names it, read it in a second pipeline through ap_invoices with its \"table\", \"fields\" and \"key\" overridden",
        "gl_dimensions":
            "SX.e keeps its GL dimensions (division, department, sub-account) inside the account number; split gl_accounts.account with the gl.segments transform",
    ]
}
