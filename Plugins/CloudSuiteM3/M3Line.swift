import CloudSuite
import MLCCore
import MLCHTTP

/// M3's part of the kit: `GET /M3/m3api-rest/v2/execute/{PROGRAM}/{TRANSACTION};maxrecs;returncols;cono` with
/// the transaction's inputs, lists paged from the last key (the repeated row dropped), right-padded values
/// trimmed, and failed transactions — in a 200 or a 400 — as errors with M3's message.
struct M3Line: IONProductLine {
    /// The company (`cono`) and division (`divi`) sent with every call; nil: the API user's defaults.
    var cono: String?
    var divi: String?

    var productName: String { "M3" }
    var deployment: String { "M3" }
    var locatorSetting: String { "its \"program\" and \"transaction\"" }
    var trimsTrailingSpaces: Bool { true }
    /// A list is started at a key, not filtered by keys: parked records replay from their stored copies.
    var rereadsByKey: Bool { false }

    func url(_ call: IONPageCall, base tenant: String) -> String {
        guard case .program(let program, let transaction) = call.entity.locator else { return tenant }
        var matrix = ["metadata=false", "maxrecs=\(call.pageSize)", "excludempty=false"]
        if let cono { matrix.append("cono=\(FormEncoding.escape(cono))") }
        if let divi { matrix.append("divi=\(FormEncoding.escape(divi))") }
        matrix.append("returncols=" + call.fields.joined(separator: ","))
        var inputs = M3Catalog.inputs[call.entity.name] ?? []
        if case .fromKey(let key) = call.token, let from = M3Catalog.fromInput[call.entity.name] {
            inputs.append((from, key.last ?? ""))
        }
        return tenant + "/M3/m3api-rest/v2/execute/\(program)/\(transaction);" + matrix.joined(separator: ";")
            + (inputs.isEmpty ? "" : "?" + inputs.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&"))
    }

    func page(_ body: [UInt8]) throws -> IONPage { try MIAnswer.page(body) }
    func errorMessage(_ body: [UInt8]) -> String? { MIAnswer.errorMessage(body) }

    /// The list's own key (the last key field, e.g. `SUNO`), trimmed, starts the next call.
    func pager(_ entity: IONEntity) -> any Pager {
        let field = entity.key.last ?? ""
        return FromKeyPager { item in
            [String((item[field]?.stringValue ?? "").reversed().drop { $0 == " " }.reversed())]
        }
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
