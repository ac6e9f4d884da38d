import CloudSuite
import MLCCore
import MLCHTTP

/// M3's part of the kit: `GET /M3/m3api-rest/v2/execute/{PROGRAM}/{TRANSACTION};maxrecs;returncols;cono` with
/// the transaction's inputs, lists paged from the last key (the repeated row dropped), right-padded values
/// trimmed, and failed transactions — in a 200 or a 400 — as errors with M3's message.
struct M3Line: IONProductLine {
    /// The division (`divi`) sent with every call; nil: the API user's default. The company (`cono`) is the
    /// call's scope: one pipeline may read several.
    var divi: String?
    /// The `EXPORTMI/Select` field separator (`SEPC`): a row whose text holds it cannot be split, and is parked.
    var separator = "|"

    var productName: String { "M3" }
    var deployment: String { "M3" }
    var locatorSetting: String { "its \"program\" and \"transaction\" (or \"table\")" }
    var trimsTrailingSpaces: Bool { true }
    /// A list is started at a key, not filtered by keys: parked records replay from their stored copies.
    var rereadsByKey: Bool { false }

    func url(_ call: IONPageCall, base tenant: String) -> String {
        var matrix = ["metadata=false", "maxrecs=\(maxrecs(call))", "excludempty=false"]
        if !call.scope.isEmpty { matrix.append("cono=\(FormEncoding.escape(call.scope))") }
        if let divi { matrix.append("divi=\(FormEncoding.escape(divi))") }
        let program: String
        let transaction: String
        var inputs: [(String, String)]
        switch call.entity.locator {
        case .program(let p, let t):
            (program, transaction) = (p, t)
            matrix.append("returncols=" + call.fields.joined(separator: ","))
            inputs = M3Catalog.inputs[call.entity.name] ?? []
            if case .fromKey(let key) = call.token, let from = M3Catalog.fromInput[call.entity.name] {
                inputs.append((from, key.last ?? ""))
            }
            if case .window(let days) = call.token, let window = M3Catalog.windowInputs[call.entity.name] {
                inputs += [(window.from, DayWindow.yyyyMMdd(days.from)), (window.to, DayWindow.yyyyMMdd(days.to))]
            }
        case .table(let table):
            (program, transaction) = ("EXPORTMI", "Select")
            inputs = [("SEPC", separator), ("HDRS", "0"), ("QERY", query(call, table: table))]
        default: return tenant
        }
        return tenant + "/M3/m3api-rest/v2/execute/\(program)/\(transaction);" + matrix.joined(separator: ";")
            + (inputs.isEmpty ? "" : "?" + inputs.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&"))
    }

    /// `maxrecs`: the page size, or 0 (every row) for a window asked whole.
    func maxrecs(_ call: IONPageCall) -> Int {
        if case .window(let days) = call.token, days.all { return 0 }
        return call.pageSize
    }

    /// `IAPUNO, IASUNO from MPHEAD where IALMDT >= 20250101 and IALMDT <= 20250131 and (filter)`: the session's
    /// company is the table's (EXPORTMI takes no company condition).
    func query(_ call: IONPageCall, table: String) -> String {
        var conditions: [String] = []
        if let cursor = call.entity.cursor, case .window(let days) = call.token {
            conditions += [
                "\(cursor) >= \(DayWindow.yyyyMMdd(days.from))", "\(cursor) <= \(DayWindow.yyyyMMdd(days.to))",
            ]
        }
        if let fixed = M3Tables.conditions[call.entity.name], fixed.table == table {
            conditions.append(fixed.condition)
        }
        if let filter = call.filter { conditions.append("(\(filter))") }
        return call.fields.joined(separator: ", ") + " from \(table)"
            + (conditions.isEmpty ? "" : " where " + conditions.joined(separator: " and "))
    }

    /// `MRS001MI/LstFields` with `TRTP=O`: the transaction's output fields on this tenant (`FLNM`). A table
    /// read has no field list to ask; its fields are sent as the catalog has them.
    func metadataURL(_ entity: IONEntity, base tenant: String) -> String? {
        guard case .program(let program, let transaction) = entity.locator else { return nil }
        let inputs = [("MINM", program), ("TRNM", transaction), ("TRTP", "O")]
        return tenant + "/M3/m3api-rest/v2/execute/MRS001MI/LstFields;metadata=false;maxrecs=0?"
            + inputs.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
    }

    func fields(_ body: [UInt8]) throws -> Result<[String], IONRefusal> {
        let answer = try MIAnswer.page(body)
        if let refusal = answer.refusal { return .failure(IONRefusal(refusal)) }
        return .success(
            answer.items.compactMap { $0.json["FLNM"]?.stringValue }.map(Self.unpadded))
    }

    /// An M3 value without the spaces that pad it to its field's width.
    static func unpadded(_ value: String) -> String { String(value.reversed().drop { $0 == " " }.reversed()) }

    func page(_ body: [UInt8]) throws -> IONPage { try MIAnswer.page(body) }
    func page(_ body: [UInt8], call: IONPageCall) throws -> IONPage {
        var page = try MIAnswer.page(body)
        if case .table = call.entity.locator {
            page.items = page.items.map { MIAnswer.row($0, fields: call.fields, separator: separator) }
        }
        return page
    }
    func errorMessage(_ body: [UInt8]) -> String? { MIAnswer.errorMessage(body) }

    /// The list's own key (the last key field, e.g. `SUNO`), trimmed, starts the next call; date-selected lists
    /// and table reads go by change-date windows (a table without a cursor is read whole, in one answer).
    func pager(_ entity: IONEntity) -> any Pager {
        let field = entity.key.last ?? ""
        return FromKeyPager { item in [Self.unpadded(item[field]?.stringValue ?? "")] }
    }

    func pager(_ entity: IONEntity, selection: IONSelection, window: IncrementalWindow) -> any Pager {
        guard case .table = entity.locator else {
            guard M3Catalog.windowInputs[entity.name] != nil else { return pager(entity) }
            return DateWindowPager(covering: .covering(selection, offsetSeconds: window.offsetSeconds))
        }
        guard entity.cursor != nil else { return DateWindowPager(covering: DayWindow(from: 0, to: 0, all: true)) }
        return DateWindowPager(covering: .covering(selection, offsetSeconds: window.offsetSeconds))
    }

    func refusalHint(_ message: String, entity: IONEntity, path: String) -> String {
        let lower = message.lowercased()
        if lower.contains("company") || lower.contains("division") {
            return
                "set source.cono (and source.divi) to a company and division of this tenant, or leave them out for the API user's"
        } else if lower.contains("transaction") || lower.contains("program") {
            return
                "set \(path).program and \(path).transaction to an MI transaction this tenant has (MRS001MI lists them)"
        } else if lower.contains("field") {
            return "fix \(path).fields to output fields of \(entity.locator)"
        }
        return "check \(path) (program, transaction, fields) against the tenant"
    }
}
