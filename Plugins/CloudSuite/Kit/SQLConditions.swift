import MLCCore

/// The filter of a page in the SQL-like languages several products take (SyteLine's IDO filter, SX.e's
/// FetchWhere where clause, M3's EXPORTMI query): the window on the cursor, or the keys of a re-read as
/// `(K1 = 'a' AND K2 = 'b') OR …` with quotes doubled, ANDed with the manifest's own filter.
public enum SQLConditions {
    public static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The call's whole filter; `literal` writes a tenant-time instant the way the product reads dates.
    public static func filter(_ call: IONPageCall, literal: (Timestamp) -> String) -> String {
        var filters: [String] = []
        switch call.selection {
        case .changed(let since, let until):
            guard let cursor = call.entity.cursor else { break }
            if let since { filters.append("\(cursor) >= '\(literal(since))'") }
            if let until { filters.append("\(cursor) < '\(literal(until))'") }
        case .keys(let keys):
            let names = call.entity.key
            let each = keys.map { values in
                "(" + zip(names, values).map { "\($0) = \(quoted($1))" }.joined(separator: " AND ") + ")"
            }
            filters.append("(" + each.joined(separator: " OR ") + ")")
        }
        if let extra = call.filter { filters.append("(\(extra))") }
        return filters.joined(separator: " AND ")
    }
}
