import CloudSuite
import MLCCore
import MLCHTTP

/// Distribution's part of the kit: SXAPI list calls, `POST /SX/rest/sxapirestservice/{call}` with
/// `{"request": {companyNumber, operatorInit, operatorPassword, …, recordLimit}}`, restarted from the last key;
/// and `FetchWhere` table reads, `POST /SX/rest/serviceinterface/proxy/FetchWhere` with `TableName`,
/// `WhereClause` (the company, the change date's window, the manifest's filter), `BatchSize` and
/// `RestartRowID`. The path, the call names' casing, the where-clause date form and FetchWhere's member names
/// are settings: the reference leaves them open.
struct SXLine: IONProductLine {
    let tenantURL: String
    /// `rest` or `web` (`/SX/{servicePath}/sxapirestservice`).
    let servicePath: String
    let camelCase: Bool
    let operatorInit: String
    let operatorPassword: String
    /// `MM/DD/YYYY` or `MM/DD/YY` in where clauses.
    let shortYear: Bool
    let rowsName: String?
    let restartName: String
    /// The audit time beside the change date (`transtm`), read into the cursor; empty: the day alone.
    let changeTime: String

    var productName: String { "Distribution (SX.e/CSD)" }
    var deployment: String { "SX" }
    var locatorSetting: String { "its \"call\" (or \"table\")" }
    /// A list restarts from a key, a table read has no key filter of its own: parked records replay stored copies.
    var rereadsByKey: Bool { false }
    /// FetchWhere answers in the table's order, not by change date.
    var ordersByCursor: Bool { false }
    /// SXAPI sends "" where other lines send null (numbers are 0, and stay 0).
    var blankIsNull: Bool { true }

    func url(_ call: IONPageCall, base tenant: String) -> String {
        switch call.entity.locator {
        case .table: return "\(tenant)/SX/\(servicePath)/serviceinterface/proxy/FetchWhere"
        case .sxe(let name):
            let spelled = camelCase ? SXCatalog.calls.values.first { $0.lower == name }?.camel ?? name : name
            return "\(tenant)/SX/\(servicePath)/sxapirestservice/\(FormEncoding.escape(spelled))"
        default: return tenant
        }
    }

    func body(_ call: IONPageCall) -> [UInt8]? {
        let company = JSON.number(call.scope.isEmpty ? "1" : call.scope)
        switch call.entity.locator {
        case .table(let table):
            var restart = ""
            if case .bookmark(let id) = call.token { restart = id }
            return Array(
                JSON.object([
                    JSONMember("CompanyNumber", company), JSONMember("Operator", .string(operatorInit)),
                    JSONMember("TableName", .string(table)), JSONMember("WhereClause", .string(whereClause(call))),
                    JSONMember("BatchSize", .number(String(call.pageSize))),
                    JSONMember("RestartRowID", .string(restart)),
                ]
                ).serialized().utf8)
        case .sxe:
            let list = SXCatalog.calls[call.entity.name]
            var request = [
                JSONMember("companyNumber", company), JSONMember("operatorInit", .string(operatorInit)),
                JSONMember("operatorPassword", .string(operatorPassword)),
            ]
            request += list?.inputs ?? []
            if let list {
                var from: JSON = list.numericRestart ? .number("0") : .string("")
                if case .fromKey(let key) = call.token, let value = key.last {
                    from = list.numericRestart ? .number(value) : .string(value)
                }
                request.append(JSONMember(list.restartInput, from))
            }
            request.append(JSONMember("recordLimit", .number(String(call.pageSize))))
            return Array(JSON.object([JSONMember("request", .object(request))]).serialized().utf8)
        default: return nil
        }
    }

    /// `cono = 1 and transdt >= '01/31/2025' and transdt <= '02/03/2025' and (filter)`: days, both ends
    /// included (the audit column holds a date), so a window's last day is read again by the next run.
    func whereClause(_ call: IONPageCall) -> String {
        var conditions = ["cono = \(call.scope.isEmpty ? "1" : call.scope)"]
        if case .changed(let since, let until) = call.selection, let cursor = call.entity.cursor {
            if let since { conditions.append("\(cursor) >= '\(date(since))'") }
            if let until { conditions.append("\(cursor) <= '\(date(until))'") }
        }
        if let extra = call.filter { conditions.append("(\(extra))") }
        return conditions.joined(separator: " and ")
    }

    func date(_ t: Timestamp) -> String {
        let iso = t.iso8601
        let year = shortYear ? String(iso.dropFirst(2).prefix(2)) : String(iso.prefix(4))
        return "\(iso.dropFirst(5).prefix(2))/\(iso.dropFirst(8).prefix(2))/\(year)"
    }

    func page(_ body: [UInt8]) throws -> IONPage { try SXAnswer.list(body) }

    func page(_ body: [UInt8], call: IONPageCall) throws -> IONPage {
        var page: IONPage
        if case .table = call.entity.locator {
            page = try SXAnswer.fetchWhere(body, rowsName: rowsName, restartName: restartName)
        } else {
            page = try SXAnswer.list(body)
        }
        let dates = Set(
            call.entity.types.filter { $0.value == .timestamp }.map(\.key) + [call.entity.cursor].compactMap { $0 })
        let zeros = SXCatalog.zeroIsNone[call.entity.name] ?? []
        for i in page.items.indices {
            page.items[i].json = normalized(page.items[i].json, dates: dates, zeros: zeros, cursor: call.entity.cursor)
        }
        return page
    }

    /// Dates as the kit reads them: `MM/DD/YY(YY)` → `YYYY-MM-DD`, Progress's unknown `?` → null, and the
    /// change date joined with its audit time (`transtm` `HHMM` or `HHMMSS`), and a reference number of 0 in
    /// `zeros` null. `_raw` keeps what was sent.
    func normalized(_ row: JSON, dates: Set<String>, zeros: Set<String>, cursor: String?) -> JSON {
        guard case .object(var members) = row else { return row }
        for i in members.indices where zeros.contains(members[i].key) && members[i].value == .number("0") {
            members[i].value = .null
        }
        let time = changeTime.isEmpty ? nil : members.first { $0.key == changeTime }?.value.stringValue
        for i in members.indices where dates.contains(members[i].key) {
            guard let text = members[i].value.stringValue else { continue }
            guard var day = Self.isoDate(text) else {
                if text == "?" { members[i].value = .null }
                continue
            }
            if members[i].key == cursor, let clock = time.flatMap(Self.clock) { day += "T" + clock }
            members[i].value = .string(day)
        }
        return .object(members)
    }

    /// `01/31/25`, `01/31/2025` or `2025-01-31` as `2025-01-31`; two-digit years 00–69 are 2000s.
    static func isoDate(_ text: String) -> String? {
        if text.count == 10, text.dropFirst(4).first == "-" { return text }
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, let y = Int(parts[2]),
            let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let year = parts[2].count == 2 ? (y < 70 ? 2000 + y : 1900 + y) : y
        return String(format: "%04d-%02d-%02d", year, m, d)
    }

    /// `1423`, `142305` or `14:23[:05]` as `14:23:05`.
    static func clock(_ text: String) -> String? {
        let digits = text.filter(\.isNumber)
        guard digits.count == 4 || digits.count == 6, digits.count == text.filter({ $0 != ":" }).count else {
            return nil
        }
        let padded = digits.count == 4 ? digits + "00" : digits
        return "\(padded.prefix(2)):\(padded.dropFirst(2).prefix(2)):\(padded.dropFirst(4))"
    }

    func pager(_ entity: IONEntity) -> any Pager {
        let keyOf = { (row: JSON) in entity.key.map { Self.text(row[$0]) ?? "" } }
        if case .sxe = entity.locator, let list = SXCatalog.calls[entity.name] {
            return SXListPager(restartField: list.restartField, keyOf: keyOf)
        }
        return RestartRowPager(keyOf: keyOf)
    }

    /// A member's value as text: a string as it is, a number as its digits.
    static func text(_ value: JSON?) -> String? {
        guard let value, value != .null else { return nil }
        return value.stringValue ?? value.serialized()
    }

    func errorMessage(_ body: [UInt8]) -> String? { SXAnswer.errorMessage(body) }

    func refusalHint(_ message: String, entity: IONEntity, path: String) -> String {
        let lower = message.lowercased()
        if lower.contains("operator") || lower.contains("password") || lower.contains("login") {
            return
                "set source.operatorInit and source.operatorPassword to an SX.e operator allowed to run \(entity.locator)"
        } else if lower.contains("company") || lower.contains("cono") {
            return "set source.companyNumber (or the entity's) to a company this operator may read"
        } else if lower.contains("table") || lower.contains("field") || lower.contains("where") {
            return
                "fix \(path).table, \(path).fields or \(path).filter (a Progress where clause), or source.whereDateForm"
        } else if lower.contains("not found") || lower.contains("unknown") || lower.contains("resource") {
            return "set source.servicePath (rest or web) or source.callCase (lower or camel) to what the tenant serves"
        }
        return "check \(path) and the SX.e operator's rights to \(entity.locator)"
    }
}
