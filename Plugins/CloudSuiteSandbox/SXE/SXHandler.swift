import Foundation
import MLCCore
import MLCHTTP

/// Distribution's SXAPI REST under `/SX/rest/sxapirestservice/{call}` and FetchWhere under
/// `/SX/rest/serviceinterface/proxy/FetchWhere` (reference §4.1, §4.3): requests in the body, the operator and
/// company checked on every call, errors in `cErrorMessage`; lists restarted from a key with a more-records
/// flag, tables read with a Progress where clause in row-id order with a restart row id. Text is "" and numbers
/// are 0 where the data has none.
final class SXHandler: ProductLineHandler {
    let dataset: CanonicalDataset
    let shape: SXShape

    init(dataset: CanonicalDataset, shape: SXShape) {
        self.dataset = dataset
        self.shape = shape
    }

    var prefix: String { "/SX/" }

    func handle(_ request: ServerRequest, path: String) -> HTTPResponse {
        let service = "/SX/\(shape.servicePath)/"
        guard path.hasPrefix(service), request.method == "POST" else {
            return json(404, .object([JSONMember("error", .string("Resource not found: \(path)"))]))
        }
        let rest = String(path.dropFirst(service.count))
        guard let body = try? JSONParser.parse(request.body) else {
            return json(400, .object([JSONMember("error", "the request body is not JSON")]))
        }
        if rest == "serviceinterface/proxy/FetchWhere" { return fetchWhere(body) }
        let name = rest.replacingOccurrences(of: "sxapirestservice/", with: "")
        guard rest.hasPrefix("sxapirestservice/"),
            let call = SXView.calls.first(where: { (shape.camelCase ? $0.camel : $0.name) == name })
        else { return json(404, .object([JSONMember("error", .string("Resource not found: \(path)"))])) }
        return list(call, body["request"] ?? .null)
    }

    /// The operator and company of a call: nil when they may run it, else SX's message.
    func refusal(company: JSON?, operatorInit: JSON?, password: JSON?) -> String? {
        guard let company = company.flatMap(SXViewText.text), shape.companies.contains(company) else {
            return "Invalid Company Number \(company.flatMap(SXViewText.text) ?? "(none)")"
        }
        // FetchWhere carries the operator alone (reference §4.3); SXAPI calls carry the password too.
        guard operatorInit?.stringValue == shape.operatorInit,
            password.map({ ($0.stringValue ?? "") == shape.operatorPassword }) ?? true
        else { return "Invalid Operator or Password" }
        return nil
    }

    func list(_ call: SXView.ListCall, _ request: JSON) -> HTTPResponse {
        if let message = refusal(
            company: request["companyNumber"], operatorInit: request["operatorInit"],
            password: request["operatorPassword"] ?? .null)
        {
            return answer(.object([JSONMember("cErrorMessage", .string(message))]))
        }
        let company = SXViewText.text(request["companyNumber"]!)!
        let limit = request["recordLimit"]?.intValue ?? 0
        let restart = request[call.restartInput].flatMap(SXViewText.text) ?? ""
        let numeric = call.fields.first { $0.name == call.restartField }?.kind == .int
        let rows = dataset.tables[call.entity]?.rows.filter(call.holds) ?? []
        let contexts = rows.map { ServedFieldContext(row: $0, company: company) }
        func restartValue(_ c: ServedFieldContext) -> String {
            call.fields.first { $0.name == call.restartField }!.value(c) ?? ""
        }
        func before(_ a: String, _ b: String) -> Bool { numeric ? (Int(a) ?? 0) < (Int(b) ?? 0) : a < b }
        // SX returns the restart row again (inclusive) unless the tenant is set otherwise.
        let sorted = contexts.map { (restartValue($0), $0) }.sorted { before($0.0, $1.0) }
        let from = sorted.filter { value in
            restart.isEmpty || (numeric && restart == "0")
                || !before(value.0, restart)
                    && (shape.inclusiveRestart || value.0 != restart)
        }
        let page = limit > 0 ? Array(from.prefix(limit)) : from
        let rendered = page.map { render(call.fields, $0.1, dates: .iso) }
        return answer(
            .object([
                JSONMember("cErrorMessage", ""),
                JSONMember(
                    call.moreName,
                    shape.moreFlagAsText
                        ? .string(page.count < from.count ? "True" : "False") : .bool(page.count < from.count)),
                JSONMember(call.table.0, .object([JSONMember(call.table.1, .array(rendered))])),
                JSONMember("tOutfieldvalue", .object([JSONMember("t-outfieldvalue", .array([]))])),
            ]))
    }

    func answer(_ response: JSON) -> HTTPResponse {
        json(
            shape.errorStatus == 200 || response["cErrorMessage"]?.stringValue == "" ? 200 : shape.errorStatus,
            .object([JSONMember("response", response)]))
    }

    func fetchWhere(_ body: JSON) -> HTTPResponse {
        if let message = refusal(company: body["CompanyNumber"], operatorInit: body["Operator"], password: nil) {
            return json(shape.errorStatus, .object([JSONMember("cErrorMessage", .string(message))]))
        }
        guard let name = body["TableName"]?.stringValue, let table = SXView.tables.first(where: { $0.name == name })
        else {
            return json(
                shape.errorStatus,
                .object([
                    JSONMember("cErrorMessage", .string("Table \(body["TableName"]?.stringValue ?? "") not found"))
                ]))
        }
        let company = SXViewText.text(body["CompanyNumber"]!)!
        let rows = (dataset.tables[table.entity]?.rows ?? []).map { ServedFieldContext(row: $0, company: company) }
        let condition: IDOFilter?
        do {
            let dates = Set(table.fields.filter { $0.kind == .date }.map(\.name))
            condition = try IDOFilterParser.parse(body["WhereClause"]?.stringValue ?? "")?.readingDates(
                of: dates, as: SXViewText.isoDate)
        } catch {
            return json(
                shape.errorStatus, .object([JSONMember("cErrorMessage", .string("Invalid WhereClause: \(error)"))]))
        }
        let batch = max(1, body["BatchSize"]?.intValue ?? 0)
        let restart = body["RestartRowID"]?.stringValue.flatMap { Int($0.dropFirst(2), radix: 16) }
        let start = restart.map { shape.inclusiveRestart ? $0 : $0 + 1 } ?? 0
        var out: [JSON] = []
        var last: Int?
        var i = start
        while i < rows.count, out.count < batch {
            // Dates compare as their day (`transdt` holds no time).
            let values = Dictionary(
                uniqueKeysWithValues: table.fields.map { field in
                    (field.name, field.value(rows[i]).map { field.kind == .date ? String($0.prefix(10)) : $0 })
                })
            if condition?.matches(values) ?? true {
                out.append(render(table.fields, rows[i], dates: shape.fetchDates))
                last = i
            }
            i += 1
        }
        let more = i < rows.count
        let id = more && last != nil ? String(format: "0x%016x", last!) : ""
        return json(
            200,
            .object([
                JSONMember(shape.rowsName, .array(out)), JSONMember(shape.restartName, .string(id)),
                JSONMember("cErrorMessage", ""),
            ]))
    }

    /// A served row: numbers bare (0 when absent), dates in `form` ("" when absent), text as it is ("" when absent).
    func render(_ fields: [ServedField], _ c: ServedFieldContext, dates form: SXShape.DateForm) -> JSON {
        .object(
            fields.map { field in
                let value = field.value(c)
                switch field.kind {
                case .int, .decimal: return JSONMember(field.name, .number(value ?? "0"))
                case .date, .stamp:
                    guard let value, value.count >= 10 else { return JSONMember(field.name, "") }
                    let iso = String(value.prefix(10))
                    let us = "\(iso.dropFirst(5).prefix(2))/\(iso.dropFirst(8).prefix(2))/\(iso.dropFirst(2).prefix(2))"
                    return JSONMember(field.name, .string(form == .iso ? iso : us))
                case .text: return JSONMember(field.name, .string(value ?? ""))
                }
            })
    }

    func rows(of resource: String) -> [JSON]? {
        let company = shape.companies[0]
        if let call = SXView.calls.first(where: { $0.name == resource }) {
            return (dataset.tables[call.entity]?.rows ?? []).filter(call.holds).map {
                render(call.fields, ServedFieldContext(row: $0, company: company), dates: .iso)
            }
        }
        guard let table = SXView.tables.first(where: { $0.name == resource }) else { return nil }
        return (dataset.tables[table.entity]?.rows ?? []).map {
            render(table.fields, ServedFieldContext(row: $0, company: company), dates: shape.fetchDates)
        }
    }

    func corrupt(resource: String, kind: AnswerFaults.Kind, call: Int) -> Bool { false }
}

/// Values of request members and where-clause dates as the handler compares them.
enum SXViewText {
    /// A member's text: a string as it is, a number as its digits.
    static func text(_ value: JSON) -> String? { value.stringValue ?? (value == .null ? nil : value.serialized()) }

    /// `01/31/25` or `01/31/2025` as the stored `2025-01-31`; nil when it is no date.
    static func isoDate(_ text: String) -> String? {
        let parts = text.split(separator: "/")
        guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        return String(format: "%04d-%02d-%02d", parts[2].count == 2 ? 2000 + y : y, m, d)
    }
}

/// How this simulated Distribution tenant answers where the reference leaves it open: the service path and
/// the call names' casing, whether a restart returns the restart row again, FetchWhere's member names and
/// date form, errors in 200 or 4xx, the operator and the companies.
public struct SXShape: Sendable {
    public enum DateForm: Sendable { case iso, us }
    public var servicePath = "rest"
    /// The more-records flag as .NET's text (`"True"`/`"False"`) instead of a JSON boolean.
    public var moreFlagAsText = false
    public var camelCase = false
    public var inclusiveRestart = true
    public var rowsName = "Rows"
    public var restartName = "RestartRowID"
    public var fetchDates = DateForm.iso
    public var errorStatus = 200
    public var operatorInit = "sys"
    public var operatorPassword = ""
    public var companies = ["1"]
    public init() {}
}
