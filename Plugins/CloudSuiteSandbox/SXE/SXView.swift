/// How Distribution shows the canonical entities (reference §4.2–4.3): SXAPI list calls with their row
/// tables, restart inputs and more-records flags, and the SX tables FetchWhere reads. SX numbers its vendors,
/// customers, journals and orders, so a canonical id (`V0000012`) is served as its number (12). Written from
/// the reference — never from the adapter's catalog.
struct SXView {
    struct ListCall {
        let name: String
        let camel: String
        let entity: String
        /// The response member and its inner table (`tVendlstV2` / `t-vendlstV2`).
        let table: (String, String)
        let moreName: String
        let restartInput: String
        let restartField: String
        let fields: [ServedField]
        var holds: @Sendable ([String: String?]) -> Bool = { _ in true }
    }

    struct Table {
        let name: String
        let entity: String
        let fields: [ServedField]
    }

    /// The digits of a canonical id as SX's number (`V0000012` → `12`).
    static func number(_ id: String?) -> String? {
        guard let id else { return nil }
        return String(Int(id.filter(\.isNumber)) ?? 0)
    }

    static func numbered(_ name: String, _ member: String) -> ServedField { (name, .int, { number($0(member)) }) }
    static func text(_ name: String, _ member: String) -> ServedField { ServedFields.text(name, member) }
    static func decimal(_ name: String, _ member: String) -> ServedField { (name, .decimal, { $0(member) }) }
    static func date(_ name: String, _ member: String) -> ServedField { (name, .date, { $0(member) }) }
    static func blank(_ name: String) -> ServedField { (name, .text, { _ in "" }) }
    static func company(_ name: String) -> ServedField { (name, .int, { $0.company }) }
    static func constant(_ name: String, _ kind: ServedFieldKind, _ value: String) -> ServedField {
        (name, kind, { _ in value })
    }
    /// The audit columns: the change date, and its time as `HHMM`.
    static let audit: [ServedField] = [
        ("transdt", .date, { $0("modified_at") }),
        ("transtm", .text, { c in c("modified_at").map { String($0.dropFirst(11).prefix(5).filter { $0 != ":" }) } }),
        ("operinit", .text, { _ in "sys" }),
    ]

    static let calls: [ListCall] = [
        ListCall(
            name: "sxapiapgetvendorlistv2", camel: "sxapiAPGetVendorListV2", entity: "suppliers",
            table: ("tVendlstV2", "t-vendlstV2"), moreName: "moreRecordsFlag", restartInput: "vendorNumber",
            restartField: "vendno",
            fields: [
                numbered("vendno", "supplier_id"), (name: "shipfm", kind: .int, value: { _ in "0" }),
                text("name", "name"), blank("addr1"), blank("addr2"), text("city", "city"), blank("state"),
                blank("zipCd"), constant("ordBal", .decimal, "0"),
            ]),
        ListCall(
            name: "sxapiargetcustomerlistv3", camel: "sxapiARGetCustomerListV3", entity: "customers",
            table: ("tCustLstV3", "t-custLstV3"), moreName: "moreRecordsAvailable", restartInput: "customerNumber",
            restartField: "custNo",
            fields: [
                // SX's bill-to row has no ship-to code: "".
                numbered("custNo", "customer_id"),
                (name: "shipTo", kind: .text, value: { c in c("ship_to") == "0" ? "" : c("ship_to") }),
                text("name", "name"), blank("addr1"),
                text("city", "city"), blank("state"), blank("zipCd"),
                (name: "totalBal", kind: .decimal, value: { _ in "0" }),
            ]),
        ListCall(
            name: "sxapiicgetproductlistv3", camel: "sxapiICGetProductListV3", entity: "items",
            table: ("tProdv3", "t-prodv3"), moreName: "moreRecordsAvailable", restartInput: "productCode",
            restartField: "prod",
            fields: [
                text("prod", "item_id"), text("descrip1", "description"), blank("descrip2"),
                text("prodCat", "product_group"), text("statustype", "status"), text("unitstock", "unit_of_measure"),
            ]),
        ListCall(
            name: "sxapipogetlistofpurchaseordersv3", camel: "sxapiPOGetListofPurchaseOrdersV3",
            entity: "purchase_orders", table: ("tPolistv3", "t-polistv3"), moreName: "moreRecordsFlag",
            restartInput: "beginningPurchaseOrderNumber", restartField: "pono",
            fields: [
                numbered("pono", "po_number"), (name: "posuf", kind: .int, value: { _ in "0" }),
                numbered("vendno", "supplier_id"), text("buyer", "buyer"), date("orderdt", "order_date"),
                (name: "duedt", kind: .date, value: { _ in nil }), blank("whse"),
            ]),
    ]

    static let tables: [Table] = [
        Table(
            name: "poel", entity: "purchase_order_lines",
            fields: [
                company("cono"), numbered("pono", "po_number"),
                numbered("posuf", "release"), numbered("lineno", "line_number"), text("shipprod", "item_id"),
                text("proddesc", "description"), decimal("qtyord", "quantity"), decimal("price", "unit_price"),
                date("duedt", "due_date"), text("statustype", "status"),
            ] + audit),
        Table(
            name: "apet", entity: "ap_invoices",
            fields: [
                company("cono"), numbered("jrnlno", "invoice_id"),
                constant("setno", .int, "1"), numbered("vendno", "supplier_id"),
                text("apinvno", "invoice_number"), date("invdt", "invoice_date"),
                date("duedt", "due_date"), decimal("amount", "amount"), decimal("taxamt", "tax_amount"),
                decimal("paymtamt", "paid_amount"), text("currencyty", "currency"), numbered("pono", "po_number"),
                text("refer", "description"), text("statustype", "status"),
            ] + audit),
        Table(
            name: "glsa", entity: "gl_accounts",
            fields: [
                company("cono"), text("glno", "account"),
                text("descrip", "description"), text("accttype", "account_type"),
            ] + audit),
    ]
}
