/// An M3 table as `EXPORTMI/Select` reads it (reference §1.3): fields named with the table's two-letter prefix
/// (`IAPUNO`), one row or more per canonical row, values as M3 stores them (dates `yyyyMMdd`, numbers as
/// text). Written from the reference and M3's naming — never from the adapter's catalog.
struct ExportTable {
    let name: String
    let prefix: String
    /// Field (without the prefix) of each column, in the table's order.
    let fields: [String]
    let entity: String
    /// The table's rows of one canonical row, each field (without the prefix) → its value.
    let rows: @Sendable ([String: String?]) -> [[String: String]]

    func rows(_ dataset: CanonicalDataset) -> [[String: String]] {
        (dataset.tables[entity]?.rows ?? []).flatMap(rows)
    }

    static func text(_ row: [String: String?], _ member: String) -> String { (row[member] ?? nil) ?? "" }
    static func date(_ row: [String: String?], _ member: String) -> String { M3Handler.m3Date(text(row, member)) }
    static func stamps(_ row: [String: String?]) -> [String: String] {
        ["RGDT": date(row, "created_at"), "LMDT": date(row, "modified_at")]
    }
    static func year(_ row: [String: String?]) -> String { String(text(row, "created_at").prefix(4)) }

    static let all: [String: ExportTable] = Dictionary(
        uniqueKeysWithValues: [purchaseOrders, purchaseOrderLines, apLedger, glLedger].map { ($0.name, $0) })

    static let purchaseOrders = ExportTable(
        name: "MPHEAD", prefix: "IA",
        fields: [
            "CONO", "DIVI", "FACI", "PUNO", "SUNO", "PUDT", "ORTY", "PUSL", "PUST", "CUCD", "NTAM", "BUYE", "RGDT",
            "LMDT",
        ],
        entity: "purchase_orders"
    ) { r in
        [
            [
                "DIVI": "AAA", "FACI": "A01", "PUNO": text(r, "po_number"), "SUNO": text(r, "supplier_id"),
                "PUDT": date(r, "order_date"), "ORTY": "PP1", "PUSL": text(r, "status"), "PUST": text(r, "status"),
                "CUCD": text(r, "currency"), "NTAM": text(r, "total_amount"), "BUYE": text(r, "buyer"),
            ].merging(stamps(r)) { a, _ in a }
        ]
    }

    static let purchaseOrderLines = ExportTable(
        name: "MPLINE", prefix: "IB",
        fields: [
            "CONO", "PUNO", "PNLI", "PNLS", "ITNO", "PITD", "ORQA", "RVQA", "PUPR", "DWDT", "PUSL", "RGDT", "LMDT",
        ],
        entity: "purchase_order_lines"
    ) { r in
        [
            [
                "PUNO": text(r, "po_number"), "PNLI": text(r, "line_number"), "PNLS": text(r, "release"),
                "ITNO": text(r, "item_id"), "PITD": text(r, "description"), "ORQA": text(r, "quantity"), "RVQA": "0",
                "PUPR": text(r, "unit_price"), "DWDT": date(r, "due_date"), "PUSL": text(r, "status"),
            ].merging(stamps(r)) { a, _ in a }
        ]
    }

    /// The AP ledger holds each invoice (transaction code 40) and, once paid, its payment (50) in the same
    /// journal: a read that does not select the invoices would load payments as invoices.
    static let apLedger = ExportTable(
        name: "FPLEDG", prefix: "EP",
        fields: [
            "CONO", "DIVI", "YEA4", "JRNO", "JSNO", "TRCD", "SPYN", "SUNO", "SINO", "VSER", "VONO", "IVDT", "DUDT",
            "CUCD", "CUAM", "VTAM", "PYST", "RGDT", "LMDT",
        ], entity: "ap_invoices"
    ) { r in
        let invoice = [
            "DIVI": "AAA", "YEA4": year(r), "JRNO": text(r, "invoice_id"), "JSNO": "1", "TRCD": "40",
            "SPYN": text(r, "supplier_id"), "SUNO": text(r, "supplier_id"), "SINO": text(r, "invoice_number"),
            "VSER": "", "VONO": text(r, "invoice_id"), "IVDT": date(r, "invoice_date"), "DUDT": date(r, "due_date"),
            "CUCD": text(r, "currency"), "CUAM": text(r, "amount"), "VTAM": text(r, "tax_amount"),
            "PYST": text(r, "status"),
        ].merging(stamps(r)) { a, _ in a }
        let paid = text(r, "paid_amount")
        guard !paid.isEmpty, paid != "0.00" else { return [invoice] }
        var payment = invoice
        payment["JSNO"] = "2"
        payment["TRCD"] = "50"
        payment["CUAM"] = "-" + paid
        payment["VTAM"] = "0.00"
        return [invoice, payment]
    }

    static let glLedger = ExportTable(
        name: "FGLEDG", prefix: "EG",
        fields: [
            "CONO", "DIVI", "YEA4", "JRNO", "JSNO", "TRCD", "VSER", "VONO", "AIT1", "AIT2", "AIT3", "AIT4", "ACAM",
            "RGDT", "LMDT",
        ], entity: "ap_invoice_lines"
    ) { r in
        [
            [
                "DIVI": "AAA", "YEA4": year(r), "JRNO": text(r, "invoice_id"), "JSNO": text(r, "line_number"),
                "TRCD": "40", "VSER": "", "VONO": text(r, "invoice_id"), "AIT1": text(r, "gl_account"),
                "AIT2": text(r, "dimension_1"), "AIT3": text(r, "dimension_2"), "AIT4": "",
                "ACAM": text(r, "amount"),
            ].merging(stamps(r)) { a, _ in a }
        ]
    }
}
