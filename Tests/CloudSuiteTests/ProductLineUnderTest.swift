import CloudSuite
import CloudSuiteSandbox
import MLCCore

@testable import CloudSuiteFSM
@testable import CloudSuiteLN
@testable import CloudSuiteM3
@testable import CloudSuiteSXE
@testable import CloudSuiteSyteLine

/// A product line as the conformance suite drives it: its connector type, the source settings its sandbox
/// tenant needs, its catalog, and a setting that makes the product refuse every call with its own error
/// envelope. Adding a line to `all` runs the whole suite against it.
struct ProductLineUnderTest: Sendable {
    var type: String
    var catalog: IONCatalog
    var settings: @Sendable (CloudSuiteSandbox) -> [String: JSON]
    /// The company the line writes for the sandbox's tenant (SyteLine: its Mongoose configuration).
    var company: @Sendable (CloudSuiteSandbox) -> String
    /// Source settings the product answers with its error envelope, and words the error must carry.
    var refusing: [String: JSON]
    var refusalWords: [String]
    /// The tenant variants the line's sandbox serves as switches (date forms, name casing …): the suite's full
    /// sync runs against each.
    var variants: [(name: String, configure: @Sendable (inout CloudSuiteSandbox.Options) -> Void)]
    /// The resource of an entity as `/admin/rows/{resource}` names it (the served rows, for `_raw`).
    var resource: @Sendable (IONEntity) -> String
    /// An entity with many rows the kill -9 test interrupts.
    var bulkEntity: String
    /// Canonical columns the line fills at day precision (M3's `yyyyMMdd` dates).
    var dayPrecision: Set<String> = []
    /// The product has no null: an empty text and null are the same value (M3's fixed-width fields).
    var blankIsNull = false
    /// A canonical truth value as the product holds it (SX.e numbers its vendors, customers and orders:
    /// `V0000012` is vendor 12).
    var served: @Sendable (_ entity: String, _ column: String, _ value: String?) -> String? = { $2 }
    /// A served row with its fields named (an M3 table row is one positional `REPL` text).
    var named: @Sendable (JSON, IONEntity) -> JSON = { row, _ in row }

    typealias Variant = (name: String, configure: @Sendable (inout CloudSuiteSandbox.Options) -> Void)

    /// SyteLine tenants: each date form, each property-name spelling, each item form, and no `MoreRowsExist`.
    static let syteLineVariants: [Variant] = {
        let dates: [Variant] = TenantShape.DateForm.allCases.map { form in
            ("dates \(form)", { $0.shape.dateForm = form })
        }
        let spellings: [Variant] = TenantShape.PropertyCase.allCases.map { spelling in
            ("property names \(spelling)", { $0.shape.propertyCase = spelling })
        }
        let items: [Variant] = TenantShape.ItemForm.allCases.filter { $0 != .objects }.map { form in
            ("items as \(form)", { $0.shape.itemForm = form })
        }
        let unflagged: Variant = ("no MoreRowsExist", { $0.shape.sendsMoreRowsExist = false })
        return dates + spellings + items + [unflagged]
    }()

    static let syteLine = ProductLineUnderTest(
        type: "cloudsuite.syteline", catalog: SyteLineCatalog.catalog,
        settings: { ["mongooseConfig": .string($0.options.mongooseConfig)] },
        company: { $0.options.mongooseConfig },
        refusing: ["mongooseConfig": "NOT_A_CONFIG"],
        refusalWords: ["refused the load", "X-Infor-MongooseConfig", "hint: set source.mongooseConfig"],
        variants: syteLineVariants,
        resource: { $0.locator.resource }, bulkEntity: "ap_invoice_lines")

    static let m3 = ProductLineUnderTest(
        type: "cloudsuite.m3", catalog: M3Catalog.catalog, settings: { ["cono": .string($0.options.m3Company)] },
        company: { $0.options.m3Company },
        refusing: ["cono": "999"], refusalWords: ["Company 999 does not exist", "hint: set source.cono"],
        variants: [
            ("values padded", { $0.m3.padded = true }), ("values unpadded", { $0.m3.padded = false }),
            ("errors in HTTP 200", { $0.m3.errorStatus = 200 }),
            ("MRS001MI not allowed", { $0.m3.fieldLists = false }),
        ],
        resource: { entity in
            if case .table(let table) = entity.locator {
                return "EXPORTMI/Select/\(table)/" + entity.requestedFields.joined(separator: ",")
            }
            guard case .program(let program, let transaction) = entity.locator else { return entity.name }
            return ([program, transaction] + (M3Catalog.inputs[entity.name]?.map(\.1) ?? [])).joined(separator: "/")
        }, bulkEntity: "suppliers",
        dayPrecision: ["modified_at", "created_at", "order_date", "due_date", "invoice_date"], blankIsNull: true,
        named: { row, entity in
            guard case .table = entity.locator, let text = row["REPL"]?.stringValue else { return row }
            let values = text.split(separator: "|", omittingEmptySubsequences: false).map { JSON.string(String($0)) }
            return .object(zip(entity.requestedFields, values).map { JSONMember($0, $1) })
        })

    static let ln = ProductLineUnderTest(
        type: "cloudsuite.ln", catalog: LNCatalog.catalog, settings: { _ in ["lnCompany": "1000"] },
        company: { $0.options.ln.companies[0] },
        refusing: ["lnCompany": "9999"],
        refusalWords: ["Company 9999 is not activated", "hint: set source.lnCompany"],
        variants: [
            ("$top/$skip only", { $0.ln.serverPageSize = nil }),
            ("server pages of 7 with @odata.nextLink", { $0.ln.serverPageSize = 7 }),
            ("answers capped at 7 rows, $top or not, no link", { $0.ln.silentCap = 7 }),
            ("errors in HTTP 200", { $0.ln.errorStatus = 200 }),
            ("no $metadata", { $0.ln.metadata = false }),
        ],
        resource: { $0.locator.resource }, bulkEntity: "items")

    static let fsm = ProductLineUnderTest(
        type: "cloudsuite.fsm", catalog: FSMCatalog.catalog, settings: { _ in [:] },
        company: { $0.options.fsm.companies[0] },
        refusing: ["dataArea": "FSM/hcm"], refusalWords: ["Data area hcm does not exist", "hint: set source.dataArea"],
        variants: [
            ("next links as a {rel, href} list", { $0.fsm.linksAsObject = false }),
            (
                "relative next links in an object named _next",
                {
                    $0.fsm.linksAsObject = true
                    $0.fsm.nextLink = "_next"
                    $0.fsm.relativeLinks = true
                }
            ),
            ("stamps in ISO 8601", { $0.fsm.stampForm = .iso }),
            ("errors in HTTP 200", { $0.fsm.errorStatus = 200 }),
        ],
        resource: { $0.locator.resource }, bulkEntity: "ap_invoice_lines",
        dayPrecision: ["order_date", "due_date", "invoice_date"], blankIsNull: true,
        named: { row, _ in row["_fields"] ?? row })

    static let sxe = ProductLineUnderTest(
        type: "cloudsuite.sxe", catalog: SXCatalog.catalog, settings: { _ in ["companyNumber": 1] },
        company: { $0.options.sxe.companies[0] },
        refusing: ["companyNumber": 99], refusalWords: ["Invalid Company Number 99", "hint: set source.companyNumber"],
        variants: [
            ("restarts return the restart row again", { $0.sxe.inclusiveRestart = true }),
            ("restarts begin after the restart row", { $0.sxe.inclusiveRestart = false }),
            (
                "FetchWhere rows named records, restartRowId, dates MM/DD/YY",
                {
                    $0.sxe.rowsName = "records"
                    $0.sxe.restartName = "restartRowId"
                    $0.sxe.fetchDates = .us
                }
            ),
            ("errors in HTTP 400", { $0.sxe.errorStatus = 400 }),
            ("more-records flags as \"True\"/\"False\"", { $0.sxe.moreFlagAsText = true }),
        ],
        resource: { $0.locator.resource }, bulkEntity: "ap_invoices",
        dayPrecision: ["order_date", "due_date", "invoice_date", "modified_at"], blankIsNull: true,
        served: { entity, column, value in
            // SX's bill-to has no ship-to code.
            if entity == "customers" && column == "ship_to" { return value == "0" ? "" : value }
            guard ["supplier_id", "customer_id", "po_number"].contains(column), let value else { return value }
            let number = Int(value.filter(\.isNumber)) ?? 0
            // An invoice's PO number 0 is SX's "no PO": a PO numbered 0 cannot be told from none.
            return entity == "ap_invoices" && column == "po_number" && number == 0 ? nil : String(number)
        })

    static let all: [ProductLineUnderTest] = [.syteLine, .m3, .ln, .fsm, .sxe]

    /// The catalog's entities, as a manifest lists them.
    var entityList: String { "[" + catalog.entities.map { "\"\($0.name)\"" }.joined(separator: ", ") + "]" }
}
