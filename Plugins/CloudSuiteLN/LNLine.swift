import CloudSuite
import MLCCore
import MLCHTTP

/// LN's part of the kit: `GET /LN/lnapi/odata/{service}/{set}` with `$select`, `$filter` (the modified
/// property `ge` the window's start), `$orderby` (modified, then key) and `$top`; `@odata.nextLink` followed
/// when the service pages itself, the rows after the last one read (by modified, then key) otherwise;
/// `X-Infor-LnCompany` per company; `$metadata` as the metadata call; OData error objects, in a 200 or a 4xx, as
/// the product's refusal.
struct LNLine: IONProductLine {
    let tenantURL: String

    var productName: String { "LN" }
    var deployment: String { "LN" }
    var fieldWord: String { "property" }
    var locatorSetting: String { "its \"service\" and \"set\"" }

    func headers(scope: String) -> [(String, String)] { scope.isEmpty ? [] : [("X-Infor-LnCompany", scope)] }

    func service(_ entity: IONEntity, _ tenant: String) -> (base: String, set: String) {
        guard case .odata(let service, let set) = entity.locator else { return (tenant, "") }
        return (tenant + "/LN/lnapi/odata/" + FormEncoding.escape(service), set)
    }

    func url(_ call: IONPageCall, base tenant: String) -> String {
        if case .link(let link) = call.token { return link }
        var query = [("$select", call.fields.joined(separator: ",")), ("$orderby", call.order.joined(separator: ","))]
        let filter = self.filter(call)
        if !filter.isEmpty { query.append(("$filter", filter)) }
        query.append(("$top", String(call.pageSize)))
        if case .skip(let rows) = call.token { query.append(("$skip", String(rows))) }
        let (base, set) = service(call.entity, tenant)
        return base + "/" + FormEncoding.escape(set) + "?"
            + query.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
    }

    /// The window on the modified property (`Edm.DateTimeOffset` literals, UTC) or the keys of a re-read, ANDed
    /// with the manifest's own filter.
    func filter(_ call: IONPageCall) -> String {
        var filters: [String] = []
        switch call.selection {
        case .changed(let since, let until):
            guard let cursor = call.entity.cursor else { break }
            if let since { filters.append("\(cursor) ge \(Self.literal(since))") }
            if let until { filters.append("\(cursor) lt \(Self.literal(until))") }
        case .keys(let keys):
            let each = keys.map { values in
                "("
                    + zip(call.entity.key, values).map { name, value in
                        "\(name) eq \(Self.literal(value, call.entity.type(of: name)))"
                    }.joined(separator: " and ") + ")"
            }
            filters.append("(" + each.joined(separator: " or ") + ")")
        }
        if case .after(let literals) = call.token { filters.append(Self.after(literals, order: call.order)) }
        if let extra = call.filter { filters.append("(\(extra))") }
        return filters.joined(separator: " and ")
    }

    /// The rows after the last one read, in the order of `order`, from its values as literals:
    /// `(a gt x) or (a eq x and (b gt y or (b eq y and …)))`.
    static func after(_ literals: [String], order: [String]) -> String {
        var condition = ""
        for (name, value) in zip(order, literals).reversed() {
            condition =
                condition.isEmpty
                ? "\(name) gt \(value)" : "\(name) gt \(value) or (\(name) eq \(value) and (\(condition)))"
        }
        return "(" + condition + ")"
    }

    /// A row's modified date and key as literals for `after`: the date as LN sent it (a zone-less one as UTC),
    /// a key by its JSON kind (a number bare, a text quoted); nil when the row lacks one.
    static func orderLiterals(_ row: JSON, order: [String], cursor: String?) -> [String]? {
        let members = row.objectValue ?? []
        var out: [String] = []
        for name in order {
            let value =
                members.first { $0.key == name }?.value
                ?? members.first { $0.key.lowercased() == name.lowercased() }?.value
            switch value {
            case .string(let text)? where name == cursor:
                if Timestamp.namesZone(text) {
                    out.append(text)
                } else {
                    guard let t = Timestamp(parsing: text) else { return nil }
                    out.append(literal(t))
                }
            case .string(let text)?: out.append("'" + text.replacingOccurrences(of: "'", with: "''") + "'")
            case .number(let digits)?: out.append(digits)
            default: return nil
            }
        }
        return out
    }

    /// `2025-01-31T08:00:00.000Z`: an OData v4 `Edm.DateTimeOffset` literal (unquoted).
    static func literal(_ t: Timestamp) -> String { DateLiteral.iso.format(t) + "Z" }

    /// A key value as an OData literal: numbers bare, text quoted with quotes doubled.
    static func literal(_ value: String, _ type: ColumnType) -> String {
        type == .int || type == .decimal ? value : "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    func page(_ body: [UInt8]) throws -> IONPage { try ODataAnswer.page(body) }
    func errorMessage(_ body: [UInt8]) -> String? { ODataAnswer.errorMessage(body) }
    func pager(_ entity: IONEntity) -> any Pager {
        let order = [entity.cursor].compactMap { $0 } + entity.key
        return ODataPager(tenantURL: tenantURL) { Self.orderLiterals($0, order: order, cursor: entity.cursor) }
    }

    func metadataURL(_ entity: IONEntity, base tenant: String) -> String? {
        service(entity, tenant).base + "/$metadata"
    }
    func fields(_ body: [UInt8], of entity: IONEntity) throws -> Result<[String], IONRefusal> {
        try ODataMetadata.properties(body, set: entity.locator.resource)
    }

    func refusalHint(_ message: String, entity: IONEntity, path: String) -> String {
        let lower = message.lowercased()
        if lower.contains("company") {
            return
                "set source.lnCompany (or the entity's \"lnCompany\") to a company this service is activated for (X-Infor-LnCompany)"
        } else if lower.contains("not activated") || lower.contains("service") || lower.contains("not found") {
            return
                "activate the REST service for the company in LN (REST API admin), or set \(path).service and \(path).set to one this tenant has"
        } else if lower.contains("property") || lower.contains("filter") {
            return
                "fix \(path).properties, \(path).cursor or \(path).filter (`mlc discover` lists the set's properties), or set source.modifiedProperty"
        }
        return "check \(path) (service, set, properties, filter); `mlc discover` shows what the tenant has"
    }
}
