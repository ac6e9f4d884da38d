import Foundation
import MLCCore
import MLCHTTP

/// LN's OData REST under `/LN/lnapi/odata/{service}/{set}` (reference §2.1): `$select`, `$filter`, `$orderby`,
/// `$top`, `$skip`, `X-Infor-LnCompany`, `$metadata`; errors as `{"error": {"code", "message"}}` in a 400 (or
/// a 200, as the developer pages document); values typed (numbers bare, `Edm.DateTimeOffset` in UTC).
final class LNHandler: ProductLineHandler {
    let dataset: CanonicalDataset
    let shape: LNShape
    /// Each set's rows in an order, with their values typed, while the dataset does not change.
    private var ordered = VersionedAnswers<[(row: [String: String?], values: [String: ODataValue?])]>()
    /// Whether `editDuringRead` has edited its row.
    private var edited = false

    init(dataset: CanonicalDataset, shape: LNShape) {
        self.dataset = dataset
        self.shape = shape
    }

    var prefix: String { "/LN/" }

    func handle(_ request: ServerRequest, path: String) -> HTTPResponse {
        let base = "/LN/lnapi/odata/"
        guard path.hasPrefix(base), request.method == "GET" else { return error(404, "NotFound", "no such API") }
        let parts = path.dropFirst(base.count).split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        guard parts.count == 2 else { return error(404, "NotFound", "expected {service}/{EntitySet}") }
        let company = request.header("x-infor-lncompany") ?? shape.companies[0]
        guard shape.companies.contains(company) else {
            return error(
                shape.errorStatus, "CompanyNotActivated", "Company \(company) is not activated for service \(parts[0])")
        }
        if parts[1] == "$metadata" {
            guard shape.metadata else { return error(404, "NotFound", "$metadata is not available") }
            return HTTPResponse(
                status: 200, headers: [("content-type", "application/xml")], body: Array(metadata(parts[0]).utf8))
        }
        guard let set = ODataSet.all.first(where: { $0.service == parts[0] && $0.name == parts[1] }) else {
            return error(404, "NotFound", "Service \(parts[0]) has no entity set \(parts[1]) (or it is not activated)")
        }
        do { return try read(set, request, company: company) } catch {
            return self.error(shape.errorStatus, "BadRequest", "\(error)")
        }
    }

    func read(_ set: ODataSet, _ request: ServerRequest, company: String) throws -> HTTPResponse {
        let q = request.query
        let properties = self.properties(set)
        let select = q["$select"].map { $0.split(separator: ",").map(String.init) } ?? properties
        if let unknown = select.first(where: { !properties.contains($0) }) {
            throw SandboxError("Property \(unknown) does not exist on \(set.type)")
        }
        let skip = Int(q["$skiptoken"] ?? q["$skip"] ?? "0") ?? 0
        // A service with its own cap answers at most that many, `$top` or not, and says nothing about it.
        let top = min(Int(q["$top"] ?? "") ?? .max, shape.silentCap ?? .max)
        let rows = try matching(
            set, filter: q["$filter"], orderBy: q["$orderby"], atLeast: top > .max - skip ? .max : skip + top)
        let window = rows.dropFirst(skip).prefix(top)
        // A service that pages itself answers at most its page size and links the rest of `$top`.
        let pageSize = shape.serverPageSize.map { min($0, top) } ?? top
        let page = window.prefix(pageSize)
        if shape.editDuringRead, !edited, let first = page.first,
            let index = dataset.tables[set.entity]?.rows.firstIndex(where: { $0["row_id"] == first["row_id"] })
        {
            // A user edits the first row just served while the read goes on: it moves to the end of the order.
            edited = true
            try dataset.mutate(entity: set.entity, row: index, set: [:], date: CanonicalDataset.storedDate(.now()))
        }
        var members = [
            JSONMember("@odata.context", .string("$metadata#\(set.name)")),
            JSONMember(
                "value",
                .array(
                    page.map { row in
                        .object(
                            [JSONMember("@odata.etag", .string("W/\"\(row["row_id"].flatMap { $0 } ?? "")\""))]
                                + select.map { JSONMember($0, render($0, row, set)) })
                    })),
        ]
        if page.count < window.count {
            var next = q
            next["$skiptoken"] = String(skip + page.count)
            next["$top"] = String(top - page.count)
            next["$skip"] = nil
            let host = request.header("host") ?? "127.0.0.1"
            let link =
                "http://\(host)\(request.path)?"
                + next.sorted { $0.key < $1.key }.map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)"
                }.joined(
                    separator: "&")
            members.append(JSONMember("@odata.nextLink", .string(link)))
        }
        return json(200, .object(members))
    }

    /// The first `atLeast` rows matching the query, in its order (the answer shows no more).
    func matching(_ set: ODataSet, filter: String?, orderBy: String?, atLeast: Int) throws -> [[String: String?]] {
        let order = orderBy.map { $0.split(separator: ",").map { String($0.split(separator: " ")[0]) } } ?? set.key
        if let unknown = order.first(where: { kind($0, set) == nil }) {
            throw SandboxError("Property \(unknown) does not exist on \(set.type)")
        }
        let kinds = Dictionary(uniqueKeysWithValues: properties(set).compactMap { p in kind(p, set).map { (p, $0) } })
        let condition = try filter.map { try ODataFilter.parse($0).typed(kinds, type: set.type) }
        // The set's rows in this order with their typed values, once per dataset version: a read that pages by
        // value asks a new filter each page, and each is then one scan of ready values (a database's index).
        let ordered = self.ordered.value("\(set.service)/\(set.name)&\(orderBy ?? "")", at: dataset.version) {
            (dataset.tables[set.entity]?.rows ?? []).filter(set.holds).map { row in
                (
                    sortKey: order.map { sortable($0, row, set) }, row: row,
                    values: Dictionary(
                        uniqueKeysWithValues: kinds.map { p, kind in
                            (p, value(p, of: row, set).flatMap { ODataValue($0, kind) })
                        })
                )
            }.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }.map { (row: $0.row, values: $0.values) }
        }
        guard let condition else { return Array(ordered.prefix(atLeast).map(\.row)) }
        var conjuncts = condition.conjuncts
        var start = 0
        if let i = conjuncts.firstIndex(where: { $0.after(in: order[...]) != nil }) {
            // Rows after a position in the order: found by binary search, the rest of the filter run from there.
            let bound = conjuncts.remove(at: i).after(in: order[...])!
            func beyond(_ values: [String: ODataValue?]) -> Bool {
                for (name, limit) in zip(order, bound) {
                    guard let value = values[name] ?? nil else { return false }
                    if value != limit { return value > limit }
                }
                return false
            }
            var (lo, hi) = (0, ordered.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if beyond(ordered[mid].values) { hi = mid } else { lo = mid + 1 }
            }
            start = lo
        }
        let found = ordered[start...].lazy.filter { entry in conjuncts.allSatisfy { $0.holds(entry.values) } }
        return Array(found.prefix(atLeast).map(\.row))
    }

    func properties(_ set: ODataSet) -> [String] {
        (set.properties.map(\.key) + [shape.modifiedProperty]).filter { !shape.lacking.contains($0) }
    }

    func kind(_ property: String, _ set: ODataSet) -> ODataSet.Kind? {
        guard properties(set).contains(property) else { return nil }
        return property == shape.modifiedProperty ? .instant : set.kind(property)
    }

    /// A property's value on a canonical row, as text (nil: null).
    func value(_ property: String, of row: [String: String?], _ set: ODataSet) -> String? {
        if property == shape.modifiedProperty { return (row["modified_at"] ?? nil).map(Self.instant) }
        guard let (member, kind) = set.properties.first(where: { $0.key == property })?.value else { return nil }
        if member.hasPrefix("=") { return String(member.dropFirst()) }
        guard let text = row[member] ?? nil else { return nil }
        switch kind {
        case .instant: return Self.instant(text)
        case .date: return String(text.prefix(10))
        default: return text
        }
    }

    func sortable(_ property: String, _ row: [String: String?], _ set: ODataSet) -> String {
        let text = value(property, of: row, set) ?? ""
        guard kind(property, set) == .int || kind(property, set) == .decimal, let n = Double(text) else { return text }
        return String(format: "%020.4f", n + 1e12)
    }

    func render(_ property: String, _ row: [String: String?], _ set: ODataSet) -> JSON {
        guard let text = value(property, of: row, set) else { return .null }
        switch kind(property, set) {
        case .decimal?, .int?: return .number(text)
        default: return .string(text)
        }
    }

    static func instant(_ stored: String) -> String { CanonicalDataset.isoInstant(stored) }

    func metadata(_ service: String) -> String {
        let sets = ODataSet.all.filter { $0.service == service }
        let types = sets.map { set in
            "<EntityType Name=\"\(set.type)\"><Key>"
                + set.key.map { "<PropertyRef Name=\"\($0)\"/>" }.joined() + "</Key>"
                + properties(set).map { "<Property Name=\"\($0)\" Type=\"\(kind($0, set)!.rawValue)\"/>" }.joined()
                + "</EntityType>"
        }
        let container = sets.map { "<EntitySet Name=\"\($0.name)\" EntityType=\"\(service).\($0.type)\"/>" }
        return """
            <?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="\(service)" xmlns="http://docs.oasis-open.org/odata/ns/edm">\(types.joined())<EntityContainer Name="Container">\(container.joined())</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>
            """
    }

    func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        json(
            status,
            .object([
                JSONMember(
                    "error", .object([JSONMember("code", .string(code)), JSONMember("message", .string(message))]))
            ]))
    }

    func rows(of resource: String) -> [JSON]? {
        guard let set = ODataSet.all.first(where: { $0.name == resource || "\($0.service)/\($0.name)" == resource })
        else { return nil }
        let select = properties(set)
        return (dataset.tables[set.entity]?.rows ?? []).filter(set.holds).map { row in
            .object(select.map { JSONMember($0, render($0, row, set)) })
        }
    }

    func corrupt(resource: String, kind: AnswerFaults.Kind, call: Int) -> Bool { false }
}

/// How this simulated LN tenant answers where the reference leaves it open: server-driven paging (a page
/// size and `@odata.nextLink`) or only `$top`/`$skip`, errors in 400 or 200, the modified property's name,
/// properties its release lacks, whether `$metadata` is served, and its companies.
public struct LNShape: Sendable {
    public var serverPageSize: Int?
    /// The most rows any answer holds, whatever `$top` asked, with no next link (reference: "ION APIs don't
    /// always respect `$top`").
    public var silentCap: Int?
    /// Once the first answer of a read is served, its first row is edited (its modified date becomes now), as a
    /// user would while a first load runs.
    public var editDuringRead = false
    public var errorStatus = 400
    public var modifiedProperty = "LastModifiedDateTime"
    public var lacking: Set<String> = []
    public var metadata = true
    public var companies = ["1000"]
    public init() {}
}
