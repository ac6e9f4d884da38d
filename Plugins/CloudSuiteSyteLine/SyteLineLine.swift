import CloudSuite
import MLCCore
import MLCHTTP

/// SyteLine's part of the kit: IDO REST v2 `load` with `loadType=NEXT` + `Bookmark`, the IDO filter language,
/// `/info` as the metadata call, `Success: false` envelopes, and the Mongoose date forms.
struct SyteLineLine: IONProductLine {
    var literalForm: DateLiteral = .mongoose
    /// Query parameter names in lower case (`recordcap`), for gateways that want them so.
    var lowercaseParameters = false

    var productName: String { "SyteLine (CSI)" }
    var deployment: String { "CSI" }
    var fieldWord: String { "property" }
    var locatorSetting: String { "its \"ido\"" }

    func base(_ operation: String, _ entity: IONEntity, _ tenant: String) -> String {
        tenant + "/CSI/IDORequestService/ido/\(operation)/" + FormEncoding.escape(entity.locator.resource)
    }

    func url(_ call: IONPageCall, base tenant: String) -> String {
        var query: [(String, String)] = [("properties", call.fields.joined(separator: ","))]
        let filter = SQLConditions.filter(call, literal: literalForm.format)
        if !filter.isEmpty { query.append(("filter", filter)) }
        query += [
            ("orderBy", call.order.joined(separator: ",")), ("recordCap", String(call.pageSize)), ("loadType", "NEXT"),
        ]
        if case .bookmark(let bookmark) = call.token { query.append(("bookmark", bookmark)) }
        return base("load", call.entity, tenant) + "?"
            + query.map { "\(lowercaseParameters ? $0.0.lowercased() : $0.0)=\(FormEncoding.escape($0.1))" }.joined(
                separator: "&")
    }

    func page(_ body: [UInt8]) throws -> IONPage { try IDOLoadAnswer.page(body) }
    func page(_ body: [UInt8], call: IONPageCall) throws -> IONPage {
        try IDOLoadAnswer.page(body, properties: call.fields)
    }
    func pager(_ entity: IONEntity) -> any Pager { BookmarkPager() }
    func metadataURL(_ entity: IONEntity, base tenant: String) -> String? { base("info", entity, tenant) }
    func fields(_ body: [UInt8]) throws -> Result<[String], IONRefusal> { try IDOInfoAnswer.properties(body) }

    func cursorFallback(member: String, value: JSON, window: IncrementalWindow) -> Timestamp? {
        guard member == "_ItemId", let text = value.stringValue else { return nil }
        return SyteLineItemID.instant(text, window: window)
    }
    var cursorFallbackName: String? { "_ItemId" }

    func refusalHint(_ message: String, entity: IONEntity, path: String) -> String {
        let lower = message.lowercased()
        if lower.contains("mongooseconfig") || lower.contains("configuration") {
            return
                "set source.mongooseConfig (or the entity's \"mongooseConfig\") to a configuration of this tenant (X-Infor-MongooseConfig)"
        } else if lower.contains("privilege") || lower.contains("authorized") || lower.contains("licensed") {
            return
                "grant the service account's user Read on \(entity.locator.resource) (Object Authorizations), or set \(path).ido"
        } else if lower.contains("filter") || lower.contains("conversion failed") || lower.contains("date") {
            return
                "the tenant refused the filter: set source.filterDateForm (mongoose, sql or iso) to a date form it reads, or fix \(path).filter"
        } else if lower.contains("property") {
            return "fix \(path).properties (`mlc discover` lists the properties this IDO has)"
        }
        return "check \(path) (ido, properties, filter); `mlc discover` shows what the tenant has"
    }
}
