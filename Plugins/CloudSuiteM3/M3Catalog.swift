import CloudSuite
import MLCCore

/// M3's entities (reference §1.4): the MI list transaction of each canonical entity, its output fields and how
/// they fill the canonical columns. The company is the record's own `CONO`, part of the key. Suppliers and
/// customers take no change-date input, so they are read in full every run and the warehouse keeps unchanged
/// rows unchanged; items are selected by change-date windows (`FLMD`/`TLMD`), and the entities no list
/// transaction serves are table reads (`M3Tables`).
enum M3Catalog {
    /// Inputs every call of the entity carries (`AITP`: the accounting dimension).
    static let inputs: [String: [(String, String)]] =
        ["gl_accounts": [("AITP", "1")]].merging(
            (2...7).map { ("accounting_dimension_\($0)", [("AITP", String($0))]) }
        ) { a, _ in a }

    /// The input that starts a list at a key (inclusive): the from-key of key paging.
    static let fromInput: [String: String] =
        ["suppliers": "FRSU", "customers": "CUNO", "gl_accounts": "AITM"].merging(
            (2...7).map { ("accounting_dimension_\($0)", "AITM") }
        ) { a, _ in a }

    /// The from/to change-date inputs of lists selected by date windows instead of paged by key.
    static let windowInputs: [String: (from: String, to: String)] = ["items": ("FLMD", "TLMD")]

    static func entity(
        _ name: String, _ description: String, _ program: String, _ transaction: String, fields: [String],
        key: [String], cursor: String? = nil, types: [String: ColumnType] = [:], canonical: CanonicalMap
    ) -> IONEntity {
        IONEntity(
            name: name, description: description, locator: .program(program, transaction: transaction),
            fields: fields, key: key, cursor: cursor, types: types, canonical: canonical)
    }

    static let entities: [IONEntity] =
        [
            entity(
                "suppliers", "Suppliers", "CRS620MI", "LstSuppliers",
                fields: ["CONO", "SUNO", "SUNM", "CSCD", "CUCD", "TEPY", "TINO"], key: ["CONO", "SUNO"],
                canonical: CanonicalMap(
                    "suppliers", company: false,
                    fields: [
                        "company": "CONO", "supplier_id": "SUNO", "name": "SUNM", "country": "CSCD", "currency": "CUCD",
                        "payment_terms": "TEPY", "tax_id": "TINO",
                    ])),
            entity(
                "customers", "Customers (bill-to)", "CRS610MI", "LstByNumber",
                fields: ["CONO", "CUNO", "CUNM", "TOWN", "CSCD", "CUCD", "CRLM", "STAT"], key: ["CONO", "CUNO"],
                types: ["CRLM": .decimal],
                // An M3 customer is the bill-to (ship-to addresses are CRS610MI/LstAddresses): ship_to "0".
                canonical: CanonicalMap(
                    "customers", company: false, constants: ["ship_to": "0"],
                    fields: [
                        "company": "CONO", "customer_id": "CUNO", "name": "CUNM", "city": "TOWN", "country": "CSCD",
                        "currency": "CUCD", "credit_limit": "CRLM", "status": "STAT",
                    ])),
            entity(
                "gl_accounts", "GL accounts (accounting dimension 1)", "CRS630MI", "LstAccountID",
                fields: ["CONO", "AITP", "AITM", "TX40", "AICL", "RGDT", "LMDT"], key: ["CONO", "AITM"], cursor: "LMDT",
                types: ["RGDT": .timestamp],
                canonical: CanonicalMap(
                    "gl_accounts", company: false,
                    fields: [
                        "company": "CONO", "account": "AITM", "description": "TX40", "account_type": "AICL",
                        "created_at": "RGDT", "modified_at": "LMDT",
                    ])),
            entity(
                "items", "Items", "MMS200MI", "LstItmByChgDate",
                fields: ["ITNO", "ITDS", "FUDS", "UNMS", "STAT", "ITGR", "ITCL", "LMDT"], key: ["ITNO"], cursor: "LMDT",
                // The list's outputs carry no CONO (reference §1.4): the company is the cono / company setting.
                canonical: CanonicalMap(
                    "items",
                    fields: [
                        "item_id": "ITNO", "description": "ITDS", "unit_of_measure": "UNMS", "status": "STAT",
                        "product_group": "ITGR", "modified_at": "LMDT",
                    ])),
        ]
        + (2...7).map { n in
            entity(
                "accounting_dimension_\(n)", "Accounting dimension \(n) (cost centers, departments …)", "CRS630MI",
                "LstAccountID", fields: ["CONO", "AITP", "AITM", "TX40", "RGDT", "LMDT"], key: ["CONO", "AITM"],
                cursor: "LMDT", types: ["RGDT": .timestamp],
                canonical: CanonicalMap(
                    "gl_dimensions", company: false, constants: ["dimension": String(n - 1)],
                    fields: [
                        "company": "CONO", "code": "AITM", "description": "TX40", "created_at": "RGDT",
                        "modified_at": "LMDT",
                    ]))
        } + M3Tables.entities

    static let catalog = IONCatalog(
        entities: entities,
        locatorFields: [
            ConfigField("program", .string, "the MI program (e.g. CRS620MI)"),
            ConfigField("transaction", .string, "the list transaction (e.g. LstSuppliers)"),
            ConfigField("table", .string, "the table an EXPORTMI/Select read selects from (e.g. MPHEAD)"),
        ]
    ) { locator, options in
        if case .table(let table) = locator, options["program"] == nil {
            return .table(options["table"]?.stringValue ?? table)
        }
        guard case .program(let program, let transaction) = locator else { return locator }
        return .program(
            options["program"]?.stringValue ?? program, transaction: options["transaction"]?.stringValue ?? transaction)
    }
}
