import MLCCore
import MLCHTTP

/// `EXPORTMI/Select` (reference §1.3): `QERY` read on one table of the session's company, `SEPC` the field
/// separator (fixed-width without one), `HDRS=1` a header row first; each row one `REPL` field.
extension M3Handler {
    func select(_ call: [String], _ inputs: [String: String], maxrecs: Int, company: String) -> HTTPResponse {
        guard let text = inputs["QERY"] else { return failure(call, "QERY must be entered", field: "QERY") }
        let query: ExportQuery
        do { query = try ExportQuery(text) } catch { return failure(call, "\(error)", field: "QERY") }
        guard let table = ExportTable.all[query.table] else {
            return failure(call, "Table \(query.table) does not exist", field: "QERY")
        }
        let named = query.fields + query.conditions.map(\.field)
        if let unknown = named.first(where: {
            !$0.hasPrefix(table.prefix) || !table.fields.contains(String($0.dropFirst(2)))
        }) {
            return failure(call, "Field \(unknown) does not exist in table \(table.name)", field: "QERY")
        }
        let rows = table.rows(dataset).filter { row in
            query.conditions.allSatisfy {
                $0.holds(self.field(String($0.field.dropFirst(2)), of: row, company: company))
            }
        }
        let page = maxrecs == 0 ? rows[...] : rows.prefix(maxrecs)
        var lines = inputs["HDRS"] == "1" ? [query.fields.joined(separator: inputs["SEPC"] ?? "")] : []
        lines += page.map { repl(table, $0, query.fields, inputs["SEPC"], company: company) }
        let records: [JSON] = lines.map { .object([JSONMember("REPL", .string($0))]) }
        return json(
            200,
            .object([
                JSONMember(
                    "results",
                    .array([
                        .object([JSONMember("transaction", .string("Select")), JSONMember("records", .array(records))])
                    ])),
                JSONMember("wasTerminated", .bool(false)), JSONMember("nrOfSuccessfullTransactions", .number("1")),
                JSONMember("nrOfFailedTransactions", .number("0")),
            ]))
    }

    func field(_ name: String, of row: [String: String], company: String) -> String {
        name == "CONO" ? company : row[name] ?? ""
    }

    /// One row's `REPL`: the fields' values (padded to their widths when the tenant pads) joined by the
    /// separator, or fixed-width without one.
    func repl(
        _ table: ExportTable, _ row: [String: String], _ fields: [String], _ separator: String?, company: String
    ) -> String {
        let values = fields.map { name -> String in
            let bare = String(name.dropFirst(2))
            let value = shape.render(bare, field(bare, of: row, company: company))
            guard separator == nil else { return value }
            let width = MIList.widths[bare] ?? 10
            return value.count < width ? value + String(repeating: " ", count: width - value.count) : value
        }
        return values.joined(separator: separator ?? "")
    }
}
