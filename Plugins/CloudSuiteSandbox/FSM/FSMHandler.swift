import Foundation
import MLCCore
import MLCHTTP

/// Financials' Landmark REST under `/FSM/fsm/soap/classes/{BusinessClass}/lists/{list}` (reference §3.1–3.2):
/// `_fields` (a list or `_all`), `_limit`, `_lplFilter`, `_pageNav=true` with the next link in element 0's
/// `_links`, `_out=JSON`; every value text in `_fields` (an absent value is ""), dates `YYYYMMDD`. Rows page
/// in the class's key order. Each of the tenant's companies holds a copy of the dataset under its own code.
final class FSMHandler: ProductLineHandler {
    let dataset: CanonicalDataset
    let shape: FSMShape
    /// Each query's matching rows in key order, and the invoice numbers distributions show, while the dataset
    /// does not change.
    private var answers = VersionedAnswers<[LandmarkClass.Context]>()
    private var invoiceNumbers = VersionedAnswers<[String: String]>()

    init(dataset: CanonicalDataset, shape: FSMShape) {
        self.dataset = dataset
        self.shape = shape
    }

    var prefix: String { "/FSM/" }

    func handle(_ request: ServerRequest, path: String) -> HTTPResponse {
        let base = "/FSM/fsm/soap/classes/"
        guard path.hasPrefix(base), request.method == "GET" else {
            let area = path.split(separator: "/").dropFirst().first ?? ""
            return error(shape.errorStatus, "Data area \(area) does not exist (path \(path))")
        }
        let parts = path.dropFirst(base.count).split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        guard parts.count == 3, parts[1] == "lists" else { return error(404, "expected {class}/lists/{list}") }
        guard let bc = LandmarkClass.all.first(where: { $0.name == parts[0] }) else {
            return error(shape.errorStatus, "Business class \(parts[0]) does not exist")
        }
        guard parts[2] == "_generic" || parts[2] == bc.list else {
            return error(shape.errorStatus, "Business class \(bc.name) has no list \(parts[2])")
        }
        do { return try read(bc, request) } catch { return self.error(shape.errorStatus, "\(error)") }
    }

    func read(_ bc: LandmarkClass, _ request: ServerRequest) throws -> HTTPResponse {
        let q = request.query
        let names = fieldNames(bc)
        let asked = q["_fields"].map { $0 == "_all" ? names : $0.split(separator: ",").map(String.init) } ?? names
        if let unknown = asked.first(where: { !names.contains($0) }) {
            throw SandboxError("Field \(unknown) does not exist in business class \(bc.name)")
        }
        let rows = try matching(bc, filter: q["_lplFilter"])
        let start = Int(q["_next"] ?? "0") ?? 0
        let limit = Int(q["_limit"] ?? "") ?? rows.count
        let page = rows.dropFirst(start).prefix(limit)
        var meta = [JSONMember("_count", .number(String(rows.count)))]
        if q["_pageNav"] == "true", shape.pageNav, start + page.count < rows.count {
            var next = q
            next["_next"] = String(start + page.count)
            let query = next.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)"
            }.joined(separator: "&")
            let origin = shape.relativeLinks ? "" : "http://\(request.header("host") ?? "127.0.0.1")"
            let link = JSON.string(origin + request.path + "?" + query)
            meta.append(
                JSONMember(
                    "_links",
                    shape.linksAsObject
                        ? .object([JSONMember(shape.nextLink, .object([JSONMember("href", link)]))])
                        : .array([.object([JSONMember("rel", .string(shape.nextLink)), JSONMember("href", link)])])))
        }
        let records = page.map { context in
            JSON.object([
                JSONMember("_fields", .object(asked.map { JSONMember($0, .string(value($0, bc, context) ?? "")) }))
            ])
        }
        return json(200, .array([.object(meta)] + records))
    }

    /// The class's fields as this tenant has them: the catalog's, its update stamp, less what it lacks.
    func fieldNames(_ bc: LandmarkClass) -> [String] {
        (bc.fields.map(\.name) + [shape.stampField]).filter { !shape.lacking.contains($0) }
    }

    func kind(_ name: String, _ bc: LandmarkClass) -> LandmarkClass.Kind? {
        guard fieldNames(bc).contains(name) else { return nil }
        return name == shape.stampField ? .stamp : bc.field(name)?.kind
    }

    func value(_ name: String, _ bc: LandmarkClass, _ context: LandmarkClass.Context) -> String? {
        if name == shape.stampField { return context("modified_at").map(stamp) }
        guard let field = bc.field(name), let text = field.value(context) else { return nil }
        return field.kind == .date ? String(text.prefix(10).filter { $0 != "-" }) : text
    }

    /// A stored `yyyy-MM-dd HH:mm:ss.fff` in the tenant's stamp form.
    func stamp(_ stored: String) -> String {
        let digits = stored.filter(\.isNumber)
        let fraction = digits.dropFirst(14)
        switch shape.stampForm {
        case .compact: return String(digits.prefix(14)) + (fraction.allSatisfy { $0 == "0" } ? "" : fraction)
        case .iso: return CanonicalDataset.isoInstant(stored)
        }
    }

    func matching(_ bc: LandmarkClass, filter: String?) throws -> [LandmarkClass.Context] {
        let numbers = invoiceNumbers.value("", at: dataset.version) {
            Dictionary(
                (dataset.tables["ap_invoices"]?.rows ?? []).compactMap { row in
                    (row["invoice_id"] ?? nil).map { ($0, (row["invoice_number"] ?? nil) ?? "") }
                }
            ) { a, _ in a }
        }
        return try answers.value(bc.name + "?" + (filter ?? ""), at: dataset.version) {
            try match(bc, filter: filter, numbers: numbers)
        }
    }

    func match(_ bc: LandmarkClass, filter: String?, numbers: [String: String]) throws -> [LandmarkClass.Context] {
        let condition = try filter.map { try LPLFilter.parse($0, ranges: shape.rangeFilters) }
        let base = (dataset.tables[bc.entity]?.rows ?? []).filter(bc.holds)
        let rows = try shape.companies.flatMap { company in
            try base.map { LandmarkClass.Context(row: $0, company: company, invoiceNumber: { numbers[$0] }) }.filter {
                context in
                try condition?.holds { name in
                    guard let kind = self.kind(name, bc) else {
                        throw SandboxError("Field \(name) does not exist in business class \(bc.name)")
                    }
                    let kinds: [LandmarkClass.Kind: ODataSet.Kind] = [.decimal: .decimal, .int: .int, .date: .date]
                    return (self.value(name, bc, context), kind == .stamp ? .instant : kinds[kind] ?? .string)
                } ?? true
            }
        }
        let keyed = rows.map { context in (bc.key.map { sortable($0, bc, context) }, context) }
        return keyed.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
    }

    func sortable(_ name: String, _ bc: LandmarkClass, _ context: LandmarkClass.Context) -> String {
        let text = value(name, bc, context) ?? ""
        guard kind(name, bc) == .int, let n = Int(text) else { return text }
        return String(format: "%012d", n)
    }

    func error(_ status: Int, _ message: String) -> HTTPResponse {
        json(status, .object([JSONMember("code", .string("LMRK_ERROR")), JSONMember("message", .string(message))]))
    }

    func rows(of resource: String) -> [JSON]? {
        guard let bc = LandmarkClass.all.first(where: { $0.name == resource }),
            let rows = try? matching(bc, filter: nil)
        else { return nil }
        let names = fieldNames(bc)
        return rows.map { context in
            .object([
                JSONMember("_fields", .object(names.map { JSONMember($0, .string(value($0, bc, context) ?? "")) }))
            ])
        }
    }

    func corrupt(resource: String, kind: AnswerFaults.Kind, call: Int) -> Bool { false }
}

/// How this simulated Financials tenant answers where the reference leaves it open: the next link's name and
/// form (a `{rel, href}` list or a `name: {href}` object, absolute or relative) or none at all, the update stamp's name and
/// form, whether `_lplFilter` takes range operators, errors in 400 or 200, fields its release lacks, and its
/// companies.
public struct FSMShape: Sendable {
    public enum StampForm: Sendable { case compact, iso }
    /// false: a release that ignores `_pageNav` (no links; `_limit` alone cuts the list).
    public var pageNav = true
    public var nextLink = "next"
    public var linksAsObject = false
    public var relativeLinks = false
    public var stampField = "UpdateStamp"
    public var stampForm = StampForm.compact
    public var rangeFilters = true
    public var errorStatus = 400
    public var lacking: Set<String> = []
    public var companies = ["10"]
    public init() {}
}
