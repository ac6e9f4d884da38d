import Foundation
import MLCCore
import MLCHTTP

/// `GET /load/{IDO}` and `GET /info/{IDO}` as the reference describes them: properties, filter, orderBy,
/// recordCap (-1 → 200, 0 → all), loadType FIRST/NEXT with an opaque Bookmark, errors as HTTP 200 with
/// `Success: false`. Query-parameter names are matched case-insensitively.
struct SyteLineLoad {
    /// The IDO asked for; nil when the tenant has no such IDO.
    let table: IDOTable?
    let shape: TenantShape

    func respond(ido: String, query raw: [String: String]) -> HTTPResponse {
        let query = Dictionary(raw.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let table else {
            return failure("The IDO \(ido) does not exist or you are not authorized to it")
        }
        let available = shape.properties(of: table)
        // Property names are matched case-insensitively, as SQL Server matches column names.
        let resolve = { (name: String) in
            available.first { $0.lowercased() == name.lowercased() }
                ?? table.properties.first { $0.lowercased() == name.lowercased() } ?? name
        }
        let requested = (query["properties"] ?? "*").split(separator: ",").map {
            resolve($0.trimmingCharacters(in: .whitespaces))
        }
        let properties = requested == ["*"] || requested.isEmpty ? available : requested
        if let unknown = properties.first(where: { !available.contains($0) }) {
            return failure("Property \(unknown) not found on IDO \(table.name)")
        }
        let filter: IDOFilter?
        do {
            filter = try IDOFilterParser.parse(query["filter"] ?? "")?.naming(resolve).readingDates(
                of: TenantShape.dateTimeProperties)
        } catch {
            return failure("Invalid filter: \(error)")
        }
        if let unknown = filter?.properties.first(where: { !table.properties.contains($0) || !available.contains($0) })
        {
            return failure("Invalid filter: property \(unknown) not found on IDO \(table.name)")
        }
        var order = (query["orderby"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map { term in
                let parts = term.split(separator: " ", maxSplits: 1).map(String.init)
                return ([resolve(parts[0])] + parts.dropFirst()).joined(separator: " ")
            }
        // Mongoose pages over a stable order; the sandbox appends the row pointer as the tie-breaker.
        if !order.contains("RowPointer") { order.append("RowPointer") }
        if let unknown = order.map({ $0.components(separatedBy: " ")[0] }).first(where: {
            !table.properties.contains($0)
        }) {
            return failure("Invalid orderBy: property \(unknown) not found")
        }
        let cap = Int(query["recordcap"] ?? "-1") ?? -1
        let limit = cap < 0 ? 200 : (cap == 0 ? Int.max : cap)

        let keyOf: ([String: String?]) -> [String] = { row in
            order.map { (row[$0.components(separatedBy: " ")[0]] ?? nil) ?? "" }
        }
        let descending = order.map { $0.uppercased().hasSuffix(" DESC") }
        func less(_ a: [String], _ b: [String]) -> Bool {
            for i in a.indices where a[i] != b[i] {
                let c = IDOFilter.compare(a[i], b[i])
                return descending[i] ? c > 0 : c < 0
            }
            return false
        }
        var after: [String]?
        if (query["loadtype"] ?? "FIRST").uppercased() == "NEXT", let bookmark = query["bookmark"], !bookmark.isEmpty {
            guard let decoded = Bookmark.decode(bookmark) else { return failure("Invalid bookmark") }
            after = decoded
        }
        let page: [([String], [String: String?])]
        let more: Bool
        if order == ["RecordDate", "RowPointer"] {
            // The incremental readers' order: a cached index, a binary search to the bookmark, a scan to fill the page.
            let sorted = table.recordDateOrder()
            var lo = 0
            var hi = sorted.count
            if let after {
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if sorted[mid].key.lexicographicallyPrecedes(after) || sorted[mid].key == after {
                        lo = mid + 1
                    } else {
                        hi = mid
                    }
                }
            }
            var found: [([String], [String: String?])] = []
            var index = lo
            while index < sorted.count, found.count <= limit {
                let row = table.rows[sorted[index].row]
                if filter?.matches(row) ?? true { found.append((sorted[index].key, row)) }
                index += 1
            }
            more = found.count > limit
            page = Array(found.prefix(limit))
        } else {
            var rows = table.rows.filter { filter?.matches($0) ?? true }.map { (keyOf($0), $0) }
            rows.sort { less($0.0, $1.0) }
            if let after { rows = rows.filter { less(after, $0.0) } }
            more = rows.count > limit
            page = Array(rows.prefix(limit))
        }
        let items: [JSON] = page.map { _, row in
            let members =
                properties.map { p in JSONMember(shape.spelling(p), value(p, of: row).map(JSON.string) ?? .null) }
                + [JSONMember("_ItemId", .string(itemID(row, table)))]
            switch shape.itemForm {
            case .objects: return .object(members)
            case .nameValue:
                return .array(
                    members.map { .object([JSONMember("Name", .string($0.key)), JSONMember("Value", $0.value)]) })
            case .values: return .array(members.dropLast().map(\.value))
            }
        }
        let body: JSON = .object(
            [
                JSONMember("Items", .array(items)),
                JSONMember("Bookmark", page.last.map { .string(Bookmark.encode(order: order, last: $0.0)) } ?? .null),
            ] + (shape.sendsMoreRowsExist ? [JSONMember("MoreRowsExist", .bool(more))] : []) + [
                JSONMember("Success", .bool(true)),
                JSONMember("Message", .null),
            ])
        return HTTPResponse(
            status: 200, headers: [("Content-Type", "application/json")], body: Array(body.serialized().utf8))
    }

    /// A property's value as this tenant sends it (date-time forms, user fields).
    func value(_ property: String, of row: [String: String?]) -> String? {
        guard let stored = row[property] else { return TenantShape.extraValue(property, row: row) }
        return shape.render(property, stored)
    }

    /// `PBT=[table] table.DT=[RecordDate] table.ID=[RowPointer]`, as the reference's bookmark example shows.
    func itemID(_ row: [String: String?], _ table: IDOTable) -> String {
        let date = (row["RecordDate"] ?? nil).map { shape.render(itemIDDate: $0) } ?? ""
        return "PBT=[\(table.name)] \(table.name).DT=[\(date)] \(table.name).ID=[\((row["RowPointer"] ?? nil) ?? "")]"
    }

    func info(ido: String) -> HTTPResponse {
        guard let table else {
            return failure("The IDO \(ido) does not exist or you are not authorized to it")
        }
        let body: JSON = .object([
            JSONMember("Success", .bool(true)), JSONMember("Message", .null),
            JSONMember(
                "Properties",
                .array(
                    shape.properties(of: table).map {
                        .object([
                            JSONMember("Name", .string(shape.spelling($0))),
                            JSONMember(
                                "DataType", .string(TenantShape.dateTimeProperties.contains($0) ? "DateTime" : "String")
                            ),
                        ])
                    })),
            JSONMember("Keys", .array(table.keys.map(JSON.string))),
        ])
        return HTTPResponse(
            status: 200, headers: [("Content-Type", "application/json")], body: Array(body.serialized().utf8))
    }

    private func failure(_ message: String) -> HTTPResponse {
        json(
            200,
            .object([
                JSONMember("Items", .null), JSONMember("Bookmark", .null), JSONMember("MoreRowsExist", .bool(false)),
                JSONMember("Success", .bool(false)), JSONMember("Message", .string(message)),
            ]))
    }
}

/// An opaque XML-ish bookmark in Mongoose's style carrying the sort key of the page's last row.
enum Bookmark {
    static func encode(order: [String], last: [String]) -> String {
        "<B><P>" + order.map { "<p>\(escape($0))</p>" }.joined() + "</P><L>"
            + last.map { "<v>\(escape($0))</v>" }.joined() + "</L></B>"
    }

    static func decode(_ text: String) -> [String]? {
        guard let l = text.range(of: "<L>"), let end = text.range(of: "</L>") else { return nil }
        return text[l.upperBound..<end.lowerBound].components(separatedBy: "</v>").dropLast().map {
            unescape(String($0.dropFirst(3)))
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(
            of: "&amp;", with: "&")
    }
}
