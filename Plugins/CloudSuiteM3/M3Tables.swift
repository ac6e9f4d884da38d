import CloudSuite
import MLCCore

/// The canonical entities no MI list transaction serves (reference §1.3–1.4), read with `EXPORTMI/Select`
/// from their tables by the `<prefix>LMDT` change date. The table and field names follow M3's conventions and
/// the transactions' outputs with the table prefix (`PPS200MI/GetHead`'s `PUNO` is `MPHEAD.IAPUNO`); the
/// reference marks them unconfirmed, so every one can be overridden per entity (`table`, `fields`, `key`,
/// `cursor`, `filter`).
enum M3Tables {
    /// A condition ANDed into the table's where clause while the entity reads its catalog table: the ledger
    /// tables hold more than invoices (`TRCD` 40: supplier invoices; payments are 50).
    static let conditions: [String: (table: String, condition: String)] = [
        "ap_invoices": ("FPLEDG", "EPTRCD = 40"), "ap_invoice_lines": ("FGLEDG", "EGTRCD = 40"),
    ]

    static func entity(
        _ name: String, _ description: String, table: String, fields: [String], key: Int, cursor: String,
        types: [String: ColumnType], canonical: CanonicalMap, productKey: Bool = false
    ) -> IONEntity {
        var entity = IONEntity(
            name: name, description: description, locator: .table(table), fields: fields,
            key: Array(fields.prefix(key)), cursor: cursor, types: types, canonical: canonical)
        entity.declaresProductKey = productKey
        return entity
    }

    static let entities: [IONEntity] = [
        entity(
            "purchase_orders", "Purchase order headers", table: "MPHEAD",
            fields: [
                "IACONO", "IAPUNO", "IASUNO", "IAPUDT", "IAPUSL", "IACUCD", "IANTAM", "IABUYE", "IADIVI", "IARGDT",
                "IALMDT",
            ], key: 2, cursor: "IALMDT", types: ["IAPUDT": .timestamp, "IANTAM": .decimal, "IARGDT": .timestamp],
            canonical: CanonicalMap(
                "purchase_orders", company: false,
                fields: [
                    "company": "IACONO", "po_number": "IAPUNO", "supplier_id": "IASUNO", "order_date": "IAPUDT",
                    "status": "IAPUSL", "currency": "IACUCD", "total_amount": "IANTAM", "buyer": "IABUYE",
                    "created_at": "IARGDT", "modified_at": "IALMDT",
                ])),
        entity(
            "purchase_order_lines", "Purchase order lines", table: "MPLINE",
            fields: [
                "IBCONO", "IBPUNO", "IBPNLI", "IBPNLS", "IBITNO", "IBPITD", "IBORQA", "IBPUPR", "IBDWDT", "IBPUSL",
                "IBRGDT", "IBLMDT",
            ], key: 4, cursor: "IBLMDT",
            types: [
                "IBPNLI": .int, "IBPNLS": .int, "IBORQA": .decimal, "IBPUPR": .decimal, "IBDWDT": .timestamp,
                "IBRGDT": .timestamp,
            ],
            canonical: CanonicalMap(
                "purchase_order_lines", company: false,
                fields: [
                    "company": "IBCONO", "po_number": "IBPUNO", "line_number": "IBPNLI", "release": "IBPNLS",
                    "item_id": "IBITNO", "description": "IBPITD", "quantity": "IBORQA", "unit_price": "IBPUPR",
                    "due_date": "IBDWDT", "status": "IBPUSL", "created_at": "IBRGDT", "modified_at": "IBLMDT",
                ])),
        // The AP ledger's own key (division, year, journal, sequence): a voucher number alone repeats across
        // divisions and years, so the table keeps M3's key and the voucher is the canonical invoice_id.
        entity(
            "ap_invoices", "Posted supplier invoices (AP ledger)", table: "FPLEDG",
            fields: [
                "EPCONO", "EPDIVI", "EPYEA4", "EPJRNO", "EPJSNO", "EPVONO", "EPSUNO", "EPSINO", "EPIVDT", "EPDUDT",
                "EPCUAM", "EPVTAM", "EPCUCD", "EPPYST", "EPRGDT", "EPLMDT",
            ], key: 5, cursor: "EPLMDT",
            types: [
                "EPIVDT": .timestamp, "EPDUDT": .timestamp, "EPCUAM": .decimal, "EPVTAM": .decimal,
                "EPRGDT": .timestamp,
            ],
            canonical: CanonicalMap(
                "ap_invoices", company: false,
                fields: [
                    "company": "EPCONO", "invoice_id": "EPVONO", "supplier_id": "EPSUNO", "invoice_number": "EPSINO",
                    "invoice_date": "EPIVDT", "due_date": "EPDUDT", "amount": "EPCUAM", "tax_amount": "EPVTAM",
                    "currency": "EPCUCD", "status": "EPPYST", "created_at": "EPRGDT", "modified_at": "EPLMDT",
                ]), productKey: true),
        // The GL lines the invoice posted (same division, year and journal as its ledger row).
        entity(
            "ap_invoice_lines", "AP invoice GL distribution lines", table: "FGLEDG",
            fields: [
                "EGCONO", "EGDIVI", "EGYEA4", "EGJRNO", "EGJSNO", "EGVONO", "EGAIT1", "EGAIT2", "EGAIT3", "EGACAM",
                "EGRGDT", "EGLMDT",
            ], key: 5, cursor: "EGLMDT", types: ["EGJSNO": .int, "EGACAM": .decimal, "EGRGDT": .timestamp],
            canonical: CanonicalMap(
                "ap_invoice_lines", company: false,
                fields: [
                    "company": "EGCONO", "invoice_id": "EGVONO", "line_number": "EGJSNO", "gl_account": "EGAIT1",
                    "dimension_1": "EGAIT2", "dimension_2": "EGAIT3", "amount": "EGACAM", "modified_at": "EGLMDT",
                ]), productKey: true),
    ]
}
