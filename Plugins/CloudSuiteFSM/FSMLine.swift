import CloudSuite
import MLCCore
import MLCHTTP

/// Financials' part of the kit (reference §3): `GET /FSM/fsm/soap/classes/{BusinessClass}/lists/{list}` with
/// `_fields`, `_limit`, `_lplFilter` (the update stamp's range, the company, the manifest's filter),
/// `_pageNav=true` and `_out=JSON`; the page-navigation links followed as given; values as text in `_fields`.
/// A list pages in its own key order, never by the stamp, so the cursor moves when a read ends.
struct FSMLine: IONProductLine {
    /// How a tenant's update-stamp filter is asked, where the reference leaves it open.
    enum StampFilter: String, CaseIterable {
        /// `UpdateStamp >= "…" and UpdateStamp < "…"` in `_lplFilter`.
        case range
        /// No stamp filter: every run reads the whole list, and the warehouse keeps unchanged rows unchanged.
        case none
    }

    let tenantURL: String
    /// The data area path below the tenant (`FSM/fsm`; earlier deployments `fsm`).
    let dataArea: String
    let stampFilter: StampFilter
    let stampForm: DateLiteral
    let pageLinks: [String]

    var productName: String { "Financials (FSM)" }
    var deployment: String { dataArea }
    var locatorSetting: String { "its \"businessClass\" and \"list\"" }
    var ordersByCursor: Bool { false }
    var blankIsNull: Bool { true }

    func list(_ entity: IONEntity, _ tenant: String) -> String {
        guard case .businessClass(let bc, let list) = entity.locator else { return tenant }
        return "\(tenant)/\(dataArea)/soap/classes/\(FormEncoding.escape(bc))/lists/\(FormEncoding.escape(list))"
    }

    func url(_ call: IONPageCall, base tenant: String) -> String {
        if case .link(let link) = call.token { return link }
        var query = [("_fields", call.fields.joined(separator: ",")), ("_limit", String(call.pageSize))]
        let filter = self.filter(call)
        if !filter.isEmpty { query.append(("_lplFilter", filter)) }
        query += [("_pageNav", "true"), ("_out", "JSON"), ("_omitCountValue", "false")]
        return list(call.entity, tenant) + "?"
            + query.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
    }

    /// The LPL condition: the stamp's window (or the keys of a re-read), the company, the manifest's filter.
    func filter(_ call: IONPageCall) -> String {
        var filters: [String] = []
        switch call.selection {
        case .changed(let since, let until):
            guard let cursor = call.entity.cursor, stampFilter == .range else { break }
            if let since { filters.append("\(cursor) >= \(Self.quoted(stampForm.format(since)))") }
            if let until { filters.append("\(cursor) < \(Self.quoted(stampForm.format(until)))") }
        case .keys(let keys):
            let each = keys.map { values in
                "(" + zip(call.entity.key, values).map { "\($0) = \(Self.quoted($1))" }.joined(separator: " and ") + ")"
            }
            filters.append("(" + each.joined(separator: " or ") + ")")
        }
        if !call.scope.isEmpty, let field = Self.companyField(call.entity) {
            filters.append("\(field) = \(Self.quoted(call.scope))")
        }
        if let extra = call.filter { filters.append("(\(extra))") }
        return filters.joined(separator: " and ")
    }

    /// The field the entity's company column is read from (`Company`, `VendorGroup` …).
    static func companyField(_ entity: IONEntity) -> String? {
        entity.canonical.assignments.first { $0.column == "company" }.flatMap { CanonicalMap.field(of: $0.origin) }
    }

    /// An LPL text literal: in double quotes, a quote doubled.
    static func quoted(_ value: String) -> String { "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    func page(_ body: [UInt8]) throws -> IONPage { try LandmarkAnswer.page(body, pageLinks: pageLinks) }
    func errorMessage(_ body: [UInt8]) -> String? { LandmarkAnswer.errorMessage(body) }
    func pager(_ entity: IONEntity) -> any Pager { LandmarkPager(tenantURL: tenantURL, linkNames: pageLinks) }

    /// The list asked for one record with every field (`_fields=_all`): its field names are what the tenant's
    /// class has — the one metadata form every Landmark list answers.
    func metadataURL(_ entity: IONEntity, base tenant: String) -> String? {
        list(entity, tenant) + "?_fields=_all&_limit=1&_out=JSON"
    }

    func fields(_ body: [UInt8]) throws -> Result<[String], IONRefusal> {
        let page = try LandmarkAnswer.page(body, pageLinks: pageLinks)
        if let refusal = page.refusal { return .failure(IONRefusal(refusal)) }
        guard let record = page.items.first?.json.objectValue else {
            return .failure(IONRefusal("the list has no record to show its fields with"))
        }
        return .success(record.map(\.key))
    }

    func refusalHint(_ message: String, entity: IONEntity, path: String) -> String {
        let lower = message.lowercased()
        if lower.contains("data area") {
            return "set source.dataArea to the tenant's Landmark data area path (FSM/fsm; earlier deployments fsm)"
        } else if lower.contains("operator") || lower.contains("lpl") || lower.contains("filter") {
            return
                "set source.stampFilter to \"none\" (the whole list each run) if the tenant refuses range filters, or fix \(path).filter"
        } else if lower.contains("field") {
            return
                "fix \(path).fields, \(path).cursor (or source.updateStamp) — `mlc discover` lists the fields the class has"
        } else if lower.contains("class") || lower.contains("list") {
            return "set \(path).businessClass and \(path).list to ones this tenant has"
        } else if lower.contains("security") || lower.contains("authoriz") || lower.contains("access") {
            return "grant the ION API user's FSM security role read access to \(entity.locator)"
        }
        return "check \(path) (businessClass, list, fields, filter); `mlc discover` shows what the tenant has"
    }
}
