import Foundation
import MLCCore
import MLCHTTP

/// The admin endpoints tests and demos drive the "ERP" with, in canonical entity names:
/// `GET /admin/stats`, `POST /admin/revoke-grants`, `POST /admin/reject-next {"count"}` (401s),
/// `POST /admin/fail-next {"status", "body"?, "count"?}` (the gateway answering an error before the product),
/// `POST /admin/mutate {"entity", "row", "set", "modifiedAt"?}`,
/// `POST /admin/insert {"entity", "count", "modifiedAt"?}`, `POST /admin/corrupt {"resource", "fault", "call"?}`,
/// and `GET /admin/rows/{entity}` — the truth of a canonical entity — or `/admin/rows/{resource}`, a product
/// line's own view (an IDO) as it serves it.
extension CloudSuiteSandbox {
    func admin(_ request: ServerRequest) -> HTTPResponse {
        let body = (try? JSONParser.parse(request.body)) ?? .object([])
        // Dates arrive in whatever form a tenant serves them; the dataset keeps one.
        let date =
            (body["modifiedAt"] ?? body["recordDate"])?.stringValue.flatMap(TenantShape.storedDate)
            ?? CanonicalDataset.storedDate(.now())
        do {
            switch (request.method, request.path) {
            case ("GET", "/admin/stats"): return json(200, statsJSON)
            case ("POST", "/admin/revoke-grants"):
                // What an administrator resetting the app's grants does: every refresh token stops working.
                refreshTokens.removeAll()
                return json(200, ["ok": true])
            case ("GET", "/admin/issued"):
                // Every access and refresh token issued, so tests can show none of them leaked.
                return json(200, ["tokens": .array(issued.map(JSON.string))])
            case ("POST", "/admin/reject-next"):
                rejectNext = body["count"]?.intValue ?? 1
                return json(200, ["ok": true])
            case ("POST", "/admin/fail-next"):
                // The gateway itself failing (a 502/503/504 from a node restarting), with the body it sends.
                guard let status = body["status"]?.intValue, (400...599).contains(status) else {
                    return json(400, ["error": "expected {\"status\": 400…599, \"body\"?: JSON, \"count\"?}"])
                }
                failNext = (status, body["body"] ?? .object([]), body["count"]?.intValue ?? 1)
                return json(200, ["ok": true])
            case ("POST", "/admin/mutate"):
                guard let entity = body["entity"]?.stringValue, let row = body["row"]?.intValue,
                    case .object(let set)? = body["set"]
                else {
                    return json(
                        400, ["error": "expected {\"entity\", \"row\", \"set\": {column: value}, \"modifiedAt\"?}"])
                }
                try dataset.mutate(
                    entity: entity, row: row,
                    set: Dictionary(uniqueKeysWithValues: set.map { ($0.key, $0.value.stringValue) }), date: date)
                return json(200, ["ok": true])
            case ("POST", "/admin/insert"):
                guard let entity = body["entity"]?.stringValue else {
                    return json(400, ["error": "expected {\"entity\", \"count\"}"])
                }
                let rows = try dataset.insert(entity: entity, count: body["count"]?.intValue ?? 1, date: date)
                return json(200, ["rows": .array(rows.map { .number(String($0)) })])
            case ("POST", "/admin/corrupt"):
                let kinds = AnswerFaults.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                guard let resource = (body["resource"] ?? body["ido"])?.stringValue,
                    let kind = body["fault"]?.stringValue.flatMap(AnswerFaults.Kind.init(rawValue:))
                else {
                    return json(
                        400, ["error": .string("expected {\"resource\", \"fault\": one of \(kinds), \"call\"?}")])
                }
                guard
                    lines.contains(where: {
                        $0.corrupt(resource: resource, kind: kind, call: body["call"]?.intValue ?? 1)
                    })
                else { return json(404, ["error": .string("no product line serves \(resource)")]) }
                return json(200, ["ok": true])
            case ("GET", let path) where path.hasPrefix("/admin/rows/"):
                let name = String(path.dropFirst("/admin/rows/".count))
                if let table = dataset.tables[name] { return rowsResponse(table.rows.map(truth)) }
                guard let rows = lines.lazy.compactMap({ $0.rows(of: name) }).first else {
                    return json(
                        404,
                        [
                            "error": .string(
                                "no entity or resource \(name): entities are \(CanonicalDataset.entities.joined(separator: ", "))"
                            )
                        ])
                }
                return rowsResponse(rows)
            default:
                return json(404, ["error": "unknown admin endpoint"])
            }
        } catch {
            return json(400, ["error": .string("\(error)")])
        }
    }

    private var statsJSON: JSON {
        [
            "apiRequests": .number(String(stats.apiRequests)), "throttled": .number(String(stats.throttled)),
            "expiredTokenRequests": .number(String(stats.expiredTokenRequests)),
            "unknownTokenRequests": .number(String(stats.unknownTokenRequests)),
            "grants": .array(stats.grants.map(JSON.string)), "revocations": .number(String(stats.revocations)),
        ]
    }

    /// A canonical row as the truth: its canonical members (not the sandbox's own `row_id` or a line's `x_…`),
    /// the tenant's company, and its dates in ISO 8601 UTC.
    private func truth(_ row: [String: String?]) -> JSON {
        let members = row.keys.filter { $0 != "row_id" && !$0.hasPrefix("x_") }.sorted()
        return .object(
            [JSONMember("company", .string(options.mongooseConfig))]
                + members.map { name in
                    let value = row[name] ?? nil
                    let text = name.hasSuffix("_at") || name.hasSuffix("_date") ? value.flatMap(Self.isoUTC) : value
                    return JSONMember(name, text.map(JSON.string) ?? .null)
                })
    }

    static func isoUTC(_ stored: String) -> String? { Timestamp(parsing: stored + "Z")?.iso8601 }

    private func rowsResponse(_ rows: [JSON]) -> HTTPResponse {
        HTTPResponse(
            status: 200, headers: [("Content-Type", "application/json")],
            body: Array(JSON.array(rows).serialized().utf8))
    }
}
