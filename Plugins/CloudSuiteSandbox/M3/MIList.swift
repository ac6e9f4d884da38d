/// How one MI list transaction shows a canonical entity (reference §1.4): its output fields, each read from
/// a canonical member (or a constant), the rows it holds, the field it lists by and the input that starts
/// the list at a key. Written from the reference — never from the adapter's catalog.
struct MIList {
    let program: String
    let transaction: String
    let entity: String
    /// Output field → canonical member; `=text` is a constant.
    let fields: KeyValuePairs<String, String>
    /// The field the list is ordered by and the input that starts it (inclusive): `SUNO` / `FRSU`.
    let keyField: String
    let fromInput: String
    /// Required inputs and the rows each value selects (`AITP`: the accounting dimension).
    var required: [String: @Sendable (String, [String: String?]) -> Bool] = [:]
    var holds: @Sendable ([String: String?]) -> Bool = { _ in true }
    /// The list returns `RGDT`/`LMDT` (CRS630MI does; CRS620MI/LstSuppliers and CRS610MI/LstByNumber do not).
    var stamps = false
    /// The list's outputs carry `CONO` (MMS200MI/LstItmByChgDate's do not).
    var company = true
    /// The from/to change-date inputs (`yyyyMMdd`, both included) that select the list's rows by `LMDT`.
    var changeDates: (from: String, to: String)?

    /// Field widths the answers pad values to (M3 fields are fixed-width; reference §1.2: values arrive right-padded).
    static let widths: [String: Int] = [
        "SUNO": 10, "SUNM": 36, "CUNO": 10, "CUNM": 36, "AITM": 10, "TX40": 40, "TOWN": 20, "AICL": 4, "TEPY": 3,
        "CSCD": 3, "CUCD": 3, "TINO": 16, "STAT": 2, "ITNO": 15, "ITDS": 30, "FUDS": 60, "UNMS": 3, "ITGR": 5,
        "ITCL": 5, "PUNO": 10, "DIVI": 3, "BUYE": 10, "PITD": 30, "SINO": 24, "VONO": 8, "AIT1": 8, "AIT2": 8,
        "AIT3": 8, "PYST": 2, "PUSL": 2,
    ]

    static let all: [MIList] = [
        MIList(
            program: "CRS620MI", transaction: "LstSuppliers", entity: "suppliers",
            fields: [
                "SUNO": "supplier_id", "SUNM": "name", "CSCD": "country", "CUCD": "currency", "TEPY": "payment_terms",
                "TINO": "tax_id",
            ], keyField: "SUNO", fromInput: "FRSU"),
        MIList(
            program: "CRS610MI", transaction: "LstByNumber", entity: "customers",
            fields: [
                "CUNO": "customer_id", "CUNM": "name", "TOWN": "city", "CSCD": "country", "CUCD": "currency",
                "CRLM": "credit_limit", "STAT": "status",
            ], keyField: "CUNO", fromInput: "CUNO",
            // An M3 customer is the bill-to; ship-to addresses are another transaction (LstAddresses).
            holds: { ($0["ship_to"] ?? nil) == "0" }),
        MIList(
            program: "CRS630MI", transaction: "LstAccountID", entity: "gl_accounts",
            fields: ["AITP": "=1", "AITM": "account", "TX40": "description", "AICL": "account_type"],
            keyField: "AITM", fromInput: "AITM", stamps: true),
        // Reference §1.4: STAT, ITNO, ITDS, FUDS, UNMS, ITGR, ITCL, …, LMDT; selected by FLMD/TLMD.
        MIList(
            program: "MMS200MI", transaction: "LstItmByChgDate", entity: "items",
            fields: [
                "STAT": "status", "ITNO": "item_id", "ITDS": "description", "FUDS": "description",
                "UNMS": "unit_of_measure",
                "ITGR": "product_group", "ITCL": "=", "LMDT": "modified_at",
            ], keyField: "ITNO", fromInput: "", company: false, changeDates: ("FLMD", "TLMD")),
    ]

    /// `CRS630MI/LstAccountID` with `AITP` 2…7: the other accounting dimensions, each the canonical dimension
    /// `AITP − 1` (the first after the natural account).
    static let dimensions = MIList(
        program: "CRS630MI", transaction: "LstAccountID", entity: "gl_dimensions",
        fields: ["AITP": "dimension", "AITM": "code", "TX40": "description"], keyField: "AITM", fromInput: "AITM",
        required: ["AITP": { aitp, row in (row["dimension"] ?? nil) == String((Int(aitp) ?? 0) - 1) }], stamps: true)
}
