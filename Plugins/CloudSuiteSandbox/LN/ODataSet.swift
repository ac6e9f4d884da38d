/// How one LN OData entity set shows a canonical entity (reference §2.2): its service, its properties with
/// their EDM types, each read from a canonical member (or a constant), its key and the rows it holds.
/// Written from the reference — never from the adapter's catalog.
struct ODataSet {
    enum Kind: String {
        case string = "Edm.String"
        case decimal = "Edm.Decimal"
        case int = "Edm.Int32"
        case instant = "Edm.DateTimeOffset"
        case date = "Edm.Date"
    }

    let service: String
    let name: String
    let type: String
    let entity: String
    /// Property → (canonical member or `=constant`, type), in the type's order.
    let properties: KeyValuePairs<String, (String, Kind)>
    let key: [String]
    var holds: @Sendable ([String: String?]) -> Bool = { _ in true }

    func kind(_ property: String) -> Kind? { properties.first { $0.key == property }?.value.1 }

    static let all: [ODataSet] = [
        ODataSet(
            service: "tcapi.comBuyFromBusinessPartner", name: "BuyFromBusinessPartners", type: "BuyFromBusinessPartner",
            entity: "suppliers",
            properties: [
                "BusinessPartner": ("supplier_id", .string), "Name": ("name", .string), "Status": ("status", .string),
                "Currency": ("currency", .string), "PaymentTerms": ("payment_terms", .string),
                "TaxNumber": ("tax_id", .string), "Email": ("email", .string), "City": ("city", .string),
                "Country": ("country", .string),
            ], key: ["BusinessPartner"]),
        ODataSet(
            service: "tcapi.comSoldToBusinessPartner", name: "SoldToBusinessPartners", type: "SoldToBusinessPartner",
            entity: "customers",
            properties: [
                "BusinessPartner": ("customer_id", .string), "Name": ("name", .string), "Status": ("status", .string),
                "Currency": ("currency", .string), "CreditLimit": ("credit_limit", .decimal), "City": ("city", .string),
                "Country": ("country", .string),
            ], key: ["BusinessPartner"], holds: { ($0["ship_to"] ?? nil) == "0" }),
        ODataSet(
            service: "tdapi.tcmcsItems", name: "Items", type: "Item", entity: "items",
            properties: [
                "Item": ("item_id", .string), "Description": ("description", .string),
                "InventoryUnit": ("unit_of_measure", .string), "Status": ("status", .string),
                "StandardCost": ("unit_cost", .decimal), "ItemGroup": ("product_group", .string),
            ], key: ["Item"]),
        ODataSet(
            service: "finapi.accAccount", name: "Accounts", type: "Account", entity: "gl_accounts",
            properties: [
                "LedgerAccount": ("account", .string), "Description": ("description", .string),
                "AccountType": ("account_type", .string),
            ], key: ["LedgerAccount"]),
        ODataSet(
            service: "finapi.accDimension", name: "Dimensions", type: "Dimension", entity: "gl_dimensions",
            properties: [
                "DimensionType": ("dimension", .int), "Dimension": ("code", .string),
                "Description": ("description", .string),
            ], key: ["DimensionType", "Dimension"]),
        ODataSet(
            service: "tdapi.purPurchaseOrder", name: "Orders", type: "Order", entity: "purchase_orders",
            properties: [
                "PurchaseOrder": ("po_number", .string), "BuyfromBusinessPartner": ("supplier_id", .string),
                "OrderDate": ("order_date", .instant), "Status": ("status", .string), "Currency": ("currency", .string),
                "OrderAmount": ("total_amount", .decimal), "Buyer": ("buyer", .string),
            ], key: ["PurchaseOrder"]),
        ODataSet(
            service: "tdapi.purPurchaseOrder", name: "Lines", type: "Line", entity: "purchase_order_lines",
            properties: [
                "PurchaseOrder": ("po_number", .string), "Line": ("line_number", .int), "Sequence": ("release", .int),
                "Item": ("item_id", .string), "Description": ("description", .string),
                "OrderedQuantity": ("quantity", .decimal), "Price": ("unit_price", .decimal),
                "PlannedReceiptDate": ("due_date", .instant), "Status": ("status", .string),
            ], key: ["PurchaseOrder", "Line", "Sequence"]),
    ]
}
