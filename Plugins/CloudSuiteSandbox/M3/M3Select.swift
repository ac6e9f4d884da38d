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
        let rows = changeDateRange(self.rows(table), query, table).lazy.filter { row in
            query.conditions.allSatisfy {
                $0.holds(self.field(String($0.field.dropFirst(2)), of: row, company: company))
            }
        }
        let page = maxrecs == 0 ? Array(rows) : Array(rows.prefix(maxrecs))
        var lines = inputs["HDRS"] == "1" ? [query.fields.joined(separator: inputs["SEPC"] ?? "")] : []
        lines += page.map { repl(table, $0, query.fields, inputs["SEPC"], company: company) }
        let records: [JSON] = lines.map { .object([JSONMember("REPL", .string($0))]) }
        return answer("Select", records)
    }

    /// The rows a query's change-date bounds can hold (rows are in `LMDT` order, dates `yyyyMMdd`): a read of
    /// one window looks at that window, not the whole table. The conditions are still checked on each row.
    func changeDateRange(
        _ rows: [[String: String]], _ query: ExportQuery, _ table: ExportTable
    ) -> ArraySlice<[String: String]> {
        func first(_ include: (String) -> Bool) -> Int {
            var (lo, hi) = (0, rows.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if include(rows[mid]["LMDT"] ?? "") { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        var lower = 0
        var upper = rows.count
        for c in query.conditions where c.field == table.prefix + "LMDT" && c.value.count == 8 && !c.quoted {
            if c.op == ">=" { lower = max(lower, first { $0 >= c.value }) }
            if c.op == "<=" { upper = min(upper, first { $0 > c.value }) }
        }
        return lower < upper ? rows[lower..<upper] : []
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
